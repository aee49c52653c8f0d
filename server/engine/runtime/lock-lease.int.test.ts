/**
 * A worker holding a lock is killed (SIGKILL) in the middle of a slow call: the
 * run queued for the same lock gets it once the dead worker's lease expires,
 * and the killed run does not go on as if it still held it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { POSTGRES_URL } from "../../test/databases";
import { ADA, demoWorld, type DemoWorld } from "../../test/demo-setup";
import { LOCKED_LOOKUP } from "../../test/coordination-fixtures";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { spawnWorker } from "../../test/worker-process";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LEASE_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(POSTGRES_URL)("a killed worker's lock on PostgreSQL", () => {
  let world: DemoWorld;
  let faults: string;
  beforeAll(async () => {
    faults = path.join(ROOT, `.lock-lease-faults-${process.pid}.json`);
    writeFileSync(faults, JSON.stringify({ DEMO_LATENCY_MS: 20_000 }));
    world = await demoWorld("postgresql", {
      definition: LOCKED_LOOKUP,
      startEngine: false,
      faults: { crm: { DEMO_FAULTS_FILE: faults } },
    });
  });
  afterAll(async () => {
    await world.dispose();
    (await import("node:fs")).rmSync(faults, { force: true });
  });

  const startWorker = () => spawnWorker(world, { leaseMs: LEASE_MS });

  /**
   * Awaits a condition for as long as the test may run (the suite's limit): each step here waits on process starts
   * (two workers, their CRM servers) that take tens of seconds on a loaded 2-core machine, so a deadline of its own
   * would measure the machine, not the engine. When the test's limit passes, says what it was still waiting for.
   */
  async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, signal: AbortSignal): Promise<T> {
    for (;;) {
      const v = await f();
      if (v) return v;
      if (signal.aborted) throw new Error(`Still waiting for ${what} when the test's time limit passed`);
      await sleep(100);
    }
  }

  /** Stops a worker (SIGTERM) and resolves when it has exited. */
  const stop = (w: ChildProcess): Promise<void> =>
    w.exitCode !== null || w.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        });

  it("takes the lock over after the lease and keeps the killed run from going on unlocked", async ({ signal }) => {
    const db = world.t.db;
    const version = await db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    const enqueue = () =>
      world.engine.enqueueRun({
        workflowId: world.workflowId,
        versionId: version.id,
        input: { lockFor: "42", customerEmail: ADA.customerEmail },
      });
    const first = startWorker();
    let second: ChildProcess | null = null;
    try {
      const a = await enqueue();
      await until(
        () => db.lockClaim.findFirst({ where: { runId: a, status: "held", leaseUntil: { not: null } } }),
        "A holding",
        signal,
      );
      await until(
        () => Promise.resolve(readCallLog(world.stateDir, "crm").some((c) => c.idempotencyKey?.startsWith(`${a}:`))),
        "A's call",
        signal,
      );
      const b = await enqueue();
      await until(() => db.lockClaim.findFirst({ where: { runId: b, status: "waiting" } }), "B queued", signal);
      first.kill("SIGKILL");
      const killedAt = Date.now();
      writeFileSync(faults, JSON.stringify({ DEMO_LATENCY_MS: 0 }));
      second = startWorker();
      await until(async () => (await db.run.findUniqueOrThrow({ where: { id: b } })).status === "succeeded", "B done", signal);
      const transitions = await db.transition.findMany({ where: { runId: b }, orderBy: { seq: "asc" } });
      const granted = transitions.find((t) => (t.event as { type: string }).type === "lock_granted")!;
      expect(granted.createdAt.getTime() - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 500);
      // A either went on with the lock taken over by the new worker before B, or lost it and went to a person.
      const runA = await until(
        async () => {
          const r = await db.run.findUniqueOrThrow({ where: { id: a } });
          return r.status === "succeeded" || r.status === "waiting" ? r : null;
        },
        "A settled",
        signal,
      );
      if (runA.status === "waiting") {
        const esc = await db.escalation.findFirstOrThrow({ where: { runId: a } });
        expect(JSON.stringify(esc.details)).toContain("lock_lost");
      }
      // No two finished locked spans of A and B interleave in the CRM's log.
      const finished = readCallLog(world.stateDir, "crm").filter((c) => c.finishedAt !== null);
      const span = (id: string) => {
        const calls = finished.filter((c) => c.idempotencyKey?.startsWith(`${id}:`));
        return calls.length === 0
          ? null
          : {
              start: Math.min(...calls.map((c) => Date.parse(c.startedAt))),
              end: Math.max(...calls.map((c) => Date.parse(c.finishedAt!))),
            };
      };
      const sa = span(a);
      const sb = span(b)!;
      if (sa) expect(sa.start < sb.end && sb.start < sa.end).toBe(false);
    } finally {
      await Promise.all([first, second].flatMap((w) => (w ? [stop(w)] : [])));
    }
  });
});
