/**
 * A worker process (npm run worker) with SWITCHYARD_METRICS_PORT serves its own metrics: after it runs the demo
 * workflow, GET /metrics (with the bearer token) shows its transitions and MCP calls, and the leases it holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { ADA, demoWorld, settle, type DemoWorld } from "../test/demo-setup";
import { spawnWorker } from "../test/worker-process";

const TOKEN = "worker-metrics-token-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let world: DemoWorld;
let worker: ChildProcess;
let port: number;
let listening: Promise<void>;

beforeAll(async () => {
  world = await demoWorld("sqlite", { startEngine: false });
  port = await freePort();
  worker = spawnWorker(world, {
    stdout: "pipe",
    env: { SWITCHYARD_METRICS_PORT: String(port), SWITCHYARD_METRICS_TOKEN: TOKEN, LOG_LEVEL: "silent" },
  });
  // The worker prints "metrics: http://..." once its endpoint listens: wait for that line, not for a fixed time.
  listening = new Promise<void>((resolve, reject) => {
    let out = "";
    worker.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("metrics: http://")) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited (${code}) before serving metrics:\n${out}`)));
  });
});

afterAll(async () => {
  if (worker.exitCode === null) {
    worker.kill("SIGTERM");
    await new Promise((r) => worker.once("exit", r));
  }
  await world.dispose();
});

async function scrape(token?: string): Promise<Response> {
  await listening;
  return fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe("worker metrics", () => {
  it("serves its own counters on SWITCHYARD_METRICS_PORT, behind the token", async () => {
    expect((await scrape()).status).toBe(401);
    const version = await world.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    const runId = await world.engine.enqueueRun({ workflowId: world.workflowId, versionId: version.id, input: ADA });
    expect((await settle(world, runId, 60_000)).status).toBe("succeeded");
    const res = await scrape(TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const families = parsePrometheusTextFormat(await res.text());
    const transitions = families.find((f) => f.name === "switchyard_transitions_total")!;
    const total = transitions.metrics
      .filter((m) => m.labels?.workflow === world.workflowId)
      .reduce((s, m) => s + Number(m.value), 0);
    expect(total).toBe(await world.t.db.transition.count({ where: { runId } }));
    expect(families.find((f) => f.name === "switchyard_runs")?.metrics).toContainEqual({
      labels: { status: "succeeded" },
      value: "1",
    });
    expect(families.map((f) => f.name)).toEqual(
      expect.arrayContaining(["switchyard_mcp_call_duration_seconds", "switchyard_leases", "switchyard_queue_depth"]),
    );
    // A cap, not a wait: the test awaits the worker's own "metrics:" line, which on a loaded machine can take a minute.
  }, 180_000);
});
