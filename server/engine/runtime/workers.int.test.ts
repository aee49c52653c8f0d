/**
 * Scale-out on PostgreSQL: three worker processes share 200 runs; one is
 * SIGKILLed half-way. No run is lost, none executes a side effect twice, and
 * every run finishes (the others take over the dead worker's runs when its
 * leases expire).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { POSTGRES_URL } from "../../test/databases";
import { ADA, demoWorld, escalationSummary, stressDemo, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { spawnWorker } from "../../test/worker-process";

const RUNS = Number(process.env.WORKERS_RUNS ?? 200);

const definition = stressDemo();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(POSTGRES_URL)("several workers on PostgreSQL", () => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await demoWorld("postgresql", { definition, startEngine: false });
  });
  afterAll(async () => {
    await world.dispose();
  });

  const startWorker = () => spawnWorker(world, { leaseMs: 3000, stdout: "pipe" });

  /** Resolves when the worker prints its "ready" line (its engine polls from then on). */
  const ready = (worker: ChildProcess): Promise<void> =>
    new Promise((resolve, reject) => {
      let seen = "";
      worker.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (/worker \S+ ready/.test(seen)) resolve();
      });
      worker.once("exit", (code) => reject(new Error(`a worker exited before it was ready (exit ${code})`)));
    });

  const succeeded = () => world.t.db.run.count({ where: { status: "succeeded" } });

  it(`runs ${RUNS} runs on 3 workers, one killed half-way, without losing or repeating anything`, async () => {
    const version = await world.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    // Every worker is polling before the first run is queued, so each one takes a share of the work.
    const workers = [startWorker(), startWorker(), startWorker()];
    const ids: string[] = [];
    try {
      await Promise.all(workers.map(ready));
      for (let i = 0; i < RUNS; i++)
        ids.push(await world.engine.enqueueRun({ workflowId: world.workflowId, versionId: version.id, input: ADA }));
      const deadline = Date.now() + 240_000;
      while ((await succeeded()) < RUNS / 2 && Date.now() < deadline) await sleep(200);
      workers[0]!.kill("SIGKILL");
      while ((await succeeded()) < RUNS && Date.now() < deadline) await sleep(250);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
      await Promise.all(
        workers.filter((w) => w.exitCode === null && w.signalCode === null).map((w) => new Promise((r) => w.once("exit", r))),
      );
    }
    const statuses = await world.t.db.run.groupBy({ by: ["status"], _count: true });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count])), await escalationSummary(world)).toEqual({
      succeeded: RUNS,
    });
    for (const [server, tool, state] of [
      ["orders", "issue_refund", "refund"],
      ["ticketing", "create_ticket", "log_ticket"],
      ["email", "send_email", "email_customer"],
    ] as const) {
      const log = readCallLog(world.stateDir, server).filter((c) => c.tool === tool && c.executed && !c.replayed);
      const perKey = new Map<string, number>();
      for (const c of log) perKey.set(c.idempotencyKey ?? "", (perKey.get(c.idempotencyKey ?? "") ?? 0) + 1);
      for (const id of ids) expect(perKey.get(`${id}:${state}:1`), `${tool} of ${id}`).toBe(1);
    }
    const pids = new Set(readCallLog(world.stateDir, "crm").map((c) => c.pid));
    expect(pids.size).toBeGreaterThanOrEqual(3); // every worker did some of the work
  }, 400_000);
});
