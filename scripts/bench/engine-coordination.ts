/**
 * bench:engine's coordination figures (locks and events), on the engine as the
 * app builds it (driver run store, Prisma event and lock stores):
 *   - lock cost: a run "take a lock, give it back, succeed" against a run that
 *     only succeeds, started one after the other (uncontended: the difference is
 *     what acquiring and releasing costs, commits included);
 *   - hand-over: N runs on ONE lock at once, the lock passing from run to run
 *     (hand-overs per second);
 *   - event -> resume: runs parked on waitForEvent (one key each); an event is
 *     published (engine.publishEvents) and the time until the transition that
 *     takes it is committed is measured.
 */
import { Engine } from "@/server/engine/runtime/engine";
import { mcpToolPort, systemClock } from "@/server/services/host/engine-host";
import { createRunStore } from "@/server/db/run-stores";
import { PrismaEventStore } from "@/server/db/event-store";
import { PrismaLockStore } from "@/server/db/lock-store";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import type { StepResult } from "@/server/engine/core/types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { BenchDatabase, World } from "./engine-world";
import { int, ms, quantile, table } from "./stats";

const base = { schemaVersion: 1 as const, input: { type: "object" as const, properties: {} } };
const LOCKED: WorkflowDefinition = {
  ...base,
  name: "bench lock",
  startAt: "take",
  states: {
    take: { type: "lock", key: "{% $input.lock %}", next: "give" },
    give: { type: "unlock", next: "done" },
    done: { type: "succeed" },
  },
};
const PLAIN: WorkflowDefinition = { ...base, name: "bench plain", startAt: "done", states: { done: { type: "succeed" } } };
const WAITER: WorkflowDefinition = {
  ...base,
  name: "bench waiter",
  startAt: "wait",
  states: {
    wait: { type: "waitForEvent", eventType: "bench.go", key: "{% $input.key %}", lookbackSeconds: 0, next: "done" },
    done: { type: "succeed" },
  },
};

async function published(db: BenchDatabase["db"], def: WorkflowDefinition): Promise<{ workflowId: string; versionId: string }> {
  const { id } = await createWorkflow(db, { name: def.name, definition: def });
  await publishWorkflow(db, { id });
  const v = await db.workflowVersion.findFirstOrThrow({ where: { workflowId: id } });
  return { workflowId: id, versionId: v.id };
}

/** Resolves when `runId` commits a transition that `when` accepts. */
function transitionOf(engine: Engine, runId: string, when: (r: StepResult) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const off = engine.onTransition((id, r) => {
      if (id === runId && when(r)) {
        off();
        resolve(performance.now());
      }
    });
  });
}

const finished = (r: StepResult) => r.state.status === "succeeded";

/** Measures, then returns the figures as markdown (printed after the engine report). */
export async function coordinationBench(
  database: BenchDatabase,
  world: World,
  count: number,
  concurrency: number,
): Promise<string> {
  const { db, url } = database;
  const engine = new Engine({
    store: createRunStore(db, url, {
      ...(database.sqlite?.synchronous ? { sqliteSynchronous: database.sqlite.synchronous } : {}),
      now: () => systemClock.now(),
    }),
    tools: mcpToolPort(db, world.pool),
    clock: systemClock,
    shared: database.provider === "postgresql",
    events: new PrismaEventStore(db, database.provider === "postgresql"),
    locks: new PrismaLockStore(db),
    workerId: `bench-coordination:${process.pid}`,
  });
  await engine.start();
  try {
    const locked = await published(db, LOCKED);
    const plain = await published(db, PLAIN);
    const waiter = await published(db, WAITER);
    const once = async (wf: { workflowId: string; versionId: string }, input: Record<string, unknown>) => {
      const runId = await engine.enqueueRun({ ...wf, input });
      const done = transitionOf(engine, runId, finished);
      const t0 = performance.now();
      await engine.deliver(runId, { type: "start", input });
      return (await done) - t0;
    };
    for (let i = 0; i < 20; i++) await once(locked, { lock: `warm:${i}` }); // warm-up
    const lockedMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < count; i++) {
      lockedMs.push(await once(locked, { lock: `k:${i}` }));
      plainMs.push(await once(plain, {}));
    }

    // Hand-over: `concurrency` runs on one lock.
    const t0 = performance.now();
    const ids = await Promise.all(
      Array.from({ length: concurrency }, () => engine.enqueueRun({ ...locked, input: { lock: "hot" } })),
    );
    const all = Promise.all(ids.map((id) => transitionOf(engine, id, finished)));
    await Promise.all(ids.map((id) => engine.deliver(id, { type: "start", input: { lock: "hot" } })));
    await all;
    const handovers = concurrency / ((performance.now() - t0) / 1000);

    // Event -> resume.
    const resume: number[] = [];
    for (let i = 0; i < count; i++) {
      const key = `key-${i}`;
      const runId = await engine.enqueueRun({ ...waiter, input: { key } });
      const parked = transitionOf(engine, runId, (r) => r.state.pending?.type === "event");
      await engine.deliver(runId, { type: "start", input: { key } });
      await parked;
      await new Promise((r) => setTimeout(r, 5)); // the wait's own look-back has run
      const resumed = transitionOf(engine, runId, (r) => r.state.status === "succeeded");
      const s = performance.now();
      await engine.publishEvents([
        { id: `bench-${i}-${Date.now()}`, type: "bench.go", payload: null, key, source: "bench", time: Date.now() },
      ]);
      resume.push((await resumed) - s);
    }

    const row = (name: string, v: number[]) => [name, ms(quantile(v, 0.5)), ms(quantile(v, 0.99))];
    return [
      `\n### Coordination (${database.label}, ${count} runs each)\n`,
      table(
        ["figure", "p50 ms", "p99 ms"],
        [
          row("run: lock + unlock + succeed", lockedMs),
          row("run: succeed only", plainMs),
          ["lock acquire + release (difference of p50s)", ms(quantile(lockedMs, 0.5) - quantile(plainMs, 0.5)), ""],
          row("event published -> waiting run resumed (committed)", resume),
        ],
        [false, true, true],
      ),
      `\nLock hand-over: ${concurrency} runs on one lock, ${int(handovers)} runs through the lock per second.\n`,
    ].join("\n");
  } finally {
    await engine.stop();
  }
}
