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

  async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  it("takes the lock over after the lease and keeps the killed run from going on unlocked", async () => {
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
      await until(() => db.lockClaim.findFirst({ where: { runId: a, status: "held", leaseUntil: { not: null } } }), "A holding");
      await until(
        () => Promise.resolve(readCallLog(world.stateDir, "crm").some((c) => c.idempotencyKey?.startsWith(`${a}:`))),
        "A's call",
      );
      const b = await enqueue();
      await until(() => db.lockClaim.findFirst({ where: { runId: b, status: "waiting" } }), "B queued");
      first.kill("SIGKILL");
      const killedAt = Date.now();
      writeFileSync(faults, JSON.stringify({ DEMO_LATENCY_MS: 0 }));
      second = startWorker();
      await until(async () => (await db.run.findUniqueOrThrow({ where: { id: b } })).status === "succeeded", "B done");
      const transitions = await db.transition.findMany({ where: { runId: b }, orderBy: { seq: "asc" } });
      const granted = transitions.find((t) => (t.event as { type: string }).type === "lock_granted")!;
      expect(granted.createdAt.getTime() - killedAt).toBeGreaterThanOrEqual(LEASE_MS - 500);
      // A either went on with the lock taken over by the new worker before B, or lost it and went to a person.
      const runA = await until(async () => {
        const r = await db.run.findUniqueOrThrow({ where: { id: a } });
        return r.status === "succeeded" || r.status === "waiting" ? r : null;
      }, "A settled");
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
      for (const w of [first, second]) if (w && w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
      await sleep(500);
    }
  }, 120_000);
});
