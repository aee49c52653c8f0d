/**
 * Live run view latency (part of npm run bench:runs): how long from a transition's commit until a browser-like SSE
 * client of runs.watch receives it, over a real HTTP server. "embedded": the engine of the serving process commits
 * (the bus wakes the watcher); "other process": the same commits without publishing on the bus, as a worker's reach
 * this process (the watcher finds them by polling). Each transition is a person's decision on a workflow of
 * many human steps, so nothing else (no MCP) is timed.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import superjson from "superjson";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { appRouter } from "../../server/api/root";
import type { Db } from "../../server/db/client";
import { SecretBox } from "../../server/security/secrets";
import { createMcpPool } from "../../server/services/servers/mcp-pool";
import { createEngine } from "../../server/services/host/engine-host";
import { createWorkflow, publishWorkflow } from "../../server/services/workflows/workflows";
import { startRun } from "../../server/services/runs/runs";
import { publishRunChanges } from "../../server/services/runs/run-feed";
import type { Engine } from "../../server/engine/runtime/engine";
import type { RunState } from "../../server/engine/core/types";
import type { WorkflowDefinition } from "../../lib/workflow/schema";
import { median, ms, quantile, table } from "./stats";

const STEPS = 30;

function definition(): WorkflowDefinition {
  const states: WorkflowDefinition["states"] = { done: { type: "succeed" } };
  for (let i = 0; i < STEPS; i++) {
    states[`s${i}`] = {
      type: "human",
      title: `Check ${i}`,
      options: [{ id: "ok", label: "OK", next: i + 1 < STEPS ? `s${i + 1}` : "done" }],
    };
  }
  return { schemaVersion: 1, name: "Latency", startAt: "s0", states };
}

/** Seqs of the transitions as they arrive on the SSE stream, with their arrival time. */
async function listen(url: string, signal: AbortSignal, arrived: Map<number, number>): Promise<void> {
  const res = await fetch(url, { signal });
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const id = /^id: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (id) arrived.set(Number(id), performance.now());
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}

async function approve(db: Db, engine: Engine, runId: string): Promise<void> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const pending = (run.state as unknown as RunState).pending;
  if (pending?.type !== "human") throw new Error("no person is awaited");
  const event = { type: "human_resolved" as const, escalationId: pending.escalationId, optionId: "ok", by: "bench" };
  await engine.deliver(runId, event, undefined, { id: pending.escalationId, by: "bench", resolution: {} });
}

async function waitFor(arrived: Map<number, number>, seq: number): Promise<number> {
  const deadline = performance.now() + 10_000;
  while (!arrived.has(seq)) {
    if (performance.now() > deadline) throw new Error(`transition ${seq} never arrived`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return arrived.get(seq)!;
}

export async function benchRunFeed(db: Db, url: string): Promise<string> {
  // The run store's writer thread does not hold the process open; this does, until the end.
  const keepAlive = setInterval(() => undefined, 1_000);
  const box = new SecretBox(randomBytes(32));
  const pool = createMcpPool(db, box);
  const engine = createEngine(db, pool, { url });
  const def = definition();
  const { id: workflowId } = await createWorkflow(db, { name: def.name, definition: def });
  await publishWorkflow(db, { id: workflowId });
  const server = createHTTPServer({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: () => ({ db, box, pool, control: () => engine }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  const rows: string[][] = [];
  try {
    for (const [name, publishes] of [
      ["embedded (this process commits)", true],
      ["other process (found by polling)", false],
    ] as const) {
      // Another process's commits do not reach this process's bus: without publishing, the watcher must poll.
      const unpublish = publishes ? publishRunChanges(engine) : () => undefined;
      const { runId } = await startRun(db, engine, { workflowId, input: {} });
      const input = encodeURIComponent(JSON.stringify(superjson.serialize({ runId })));
      const arrived = new Map<number, number>();
      const controller = new AbortController();
      const listening = listen(`${base}/runs.watch?input=${input}`, controller.signal, arrived);
      await waitFor(arrived, 1);
      const latencies: number[] = [];
      for (let seq = 2; seq <= STEPS + 1; seq++) {
        await approve(db, engine, runId);
        const committed = performance.now();
        latencies.push((await waitFor(arrived, seq)) - committed);
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 200)); // not in step with the polling
      }
      controller.abort();
      await listening;
      unpublish();
      rows.push([
        name,
        String(latencies.length),
        ms(median(latencies)),
        ms(quantile(latencies, 0.95)),
        ms(Math.max(...latencies)),
      ]);
    }
  } catch (err) {
    console.error("The live feed benchmark failed:", err);
    throw err;
  } finally {
    clearInterval(keepAlive);
    await new Promise((resolve) => server.close(resolve));
    await engine.stop();
    await pool.closeAll();
  }
  return table(["who commits", "transitions", "p50 ms", "p95 ms", "max ms"], rows, [false, true, true, true, true]);
}
