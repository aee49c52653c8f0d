/**
 * bench:engine's micro-measurements: each piece of a step measured alone on
 * the bench database, as the engine does it today (the pure core; the
 * PrismaRunStore's loadRun, commit and breaker round) and as the proposed hot
 * path would (prepared statements on the driver, one transaction per
 * transition or a batch of them: group commit). Synthetic runs of the chain
 * workflow get the same rows a real step writes (~1 KB state, event, output).
 */
import jsonata from "jsonata";
import { evaluateExpression } from "@/lib/workflow/expressions";
import { step, initialState } from "@/server/engine/core/step";
import type { PendingCall, RunEvent, RunState, StepResult } from "@/server/engine/core/types";
import type { TransitionWrite } from "@/server/engine/runtime/ports";
import { PrismaRunStore } from "./prisma-run-store";
import { CLOSED, record } from "@/server/engine/core/breaker";
import { systemClock } from "@/server/services/host/engine-host";
import { newId } from "@/server/util/ids";
import { NOOP_RESULT } from "./fixtures/noop-output";
import { chainDefinition, type BenchDatabase, type World } from "./engine-world";
import { postgresRaw, sqliteRaw, type RawStore, type RawTransition } from "./engine-micro-raw";

export interface MicroRow {
  what: string;
  usPerOp: number;
  perSecond: number;
  note: string;
}

const inputs = { now: 0, newId: (p: string) => systemClock.newId(p), random: () => 0 };

/** Times `n` sequential operations after a short warm-up. */
async function sequential(n: number, f: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < Math.ceil(n / 10); i++) await f(-1 - i);
  const start = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return ((performance.now() - start) * 1000) / n;
}

/** `workers` loops of `perWorker` operations at once: µs of wall time per operation. */
async function concurrent(workers: number, perWorker: number, f: (w: number, i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await f(w, i);
    }),
  );
  return ((performance.now() - start) * 1000) / (workers * perWorker);
}

const row = (what: string, usPerOp: number, note = "", opsPerUnit = 1): MicroRow => ({
  what,
  usPerOp,
  perSecond: (1e6 / usPerOp) * opsPerUnit,
  note,
});

/** A mid-chain step: the run waiting on s10's call, the call's result arriving, and what the core makes of it. */
async function sample(steps: number): Promise<{ before: RunState; event: RunEvent; after: StepResult }> {
  const def = chainDefinition(steps);
  const event: RunEvent = { type: "call_succeeded", result: NOOP_RESULT };
  let result = await step(def, initialState("run_sample", {}), { type: "start", input: {} }, inputs);
  for (let i = 1; i < Math.min(10, steps); i++) result = await step(def, result.state, event, inputs);
  return { before: result.state, event, after: await step(def, result.state, event, inputs) };
}

const pendingCall = (runId: string, visit: number): PendingCall => ({
  type: "call",
  stateId: "m",
  visit,
  attempt: 1,
  server: "noop",
  tool: "noop",
  args: { n: 1 },
  idempotencyKey: `${runId}:m:${visit}`,
  purpose: "step",
});

export async function micro(
  database: BenchDatabase,
  world: World,
  ops: number,
  progress: (line: string) => void,
): Promise<MicroRow[]> {
  const writes = Math.max(64, Math.round(ops / 4));
  const batch = 32;
  const rows: MicroRow[] = [];
  const s = await sample(world.steps);
  const def = chainDefinition(world.steps);

  rows.push(
    row(
      "core step(): call_succeeded applied (JSONata assign, next call)",
      await sequential(ops, () => step(def, s.before, s.event, inputs)),
      "pure CPU",
    ),
  );

  // The core's cost is mostly JSONata: lib/workflow/expressions compiles the expression at every evaluation.
  const bindings = { ...s.before.vars, input: {}, run: { id: "run_sample" }, result: NOOP_RESULT };
  rows.push(
    row(
      '  of which: evaluateExpression("$result") as today (compile + evaluate)',
      await sequential(ops, () => evaluateExpression("$result", bindings)),
      "per expression",
    ),
  );
  const compiled = jsonata("$result");
  rows.push(
    row(
      "  the same with the compiled expression cached",
      await sequential(ops, async () => JSON.parse(JSON.stringify(await compiled.evaluate({}, bindings))) as unknown),
      "per expression",
    ),
  );

  const store = new PrismaRunStore(database.db);
  const seq = new Map<string, number>();
  const makeRuns = async (n: number) => {
    const ids = Array.from({ length: n }, () => newId("run"));
    for (const id of ids) {
      await store.createRun({
        id,
        workflowId: world.chain.workflowId,
        versionId: world.chain.versionId,
        input: {},
        state: s.before,
        now: Date.now(),
      });
      seq.set(id, 0);
    }
    return ids;
  };
  const next = (runId: string) => {
    const k = seq.get(runId) ?? 0;
    seq.set(runId, k + 1);
    return k;
  };
  const write = (runId: string): TransitionWrite => {
    const k = next(runId);
    return {
      runId,
      expectedSeq: k,
      event: s.event,
      state: { ...s.after.state, runId },
      commands: s.after.commands,
      now: Date.now(),
      completedAttempt: {
        call: pendingCall(runId, k),
        outcome: { status: "succeeded", output: NOOP_RESULT, latencyMs: 0.2, fromCache: false },
      },
      startedAttempts: [pendingCall(runId, k + 1)],
      escalations: [],
      lease: { owner: "bench", until: Date.now() + 10_000 },
    };
  };
  const raw = (runId: string): RawTransition => {
    const k = next(runId);
    return {
      runId,
      expectedSeq: k,
      status: s.after.state.status,
      currentState: s.after.state.current ?? "",
      state: JSON.stringify({ ...s.after.state, runId }),
      event: JSON.stringify(s.event),
      commands: JSON.stringify(s.after.commands),
      doneState: "m",
      doneVisit: k,
      output: JSON.stringify({ value: NOOP_RESULT }),
      latencyMs: 0.2,
      attemptId: newId("att"),
      nextState: "m",
      nextVisit: k + 1,
      input: JSON.stringify({ n: 1 }),
      idempotencyKey: `${runId}:m:${k + 1}`,
    };
  };

  // Today's path, through Prisma.
  const [one] = await makeRuns(1);
  if (!one) throw new Error("no run");
  rows.push(
    row("PrismaRunStore.loadRun (findUnique, definition cached)", await sequential(ops, () => store.loadRun(one)), "1 query"),
  );
  rows.push(
    row(
      "PrismaRunStore.commit, 1 writer",
      await sequential(writes, () => store.commit(write(one))),
      "interactive transaction, 4 statements",
    ),
  );
  const many = await makeRuns(batch);
  rows.push(
    row(
      `PrismaRunStore.commit, ${batch} writers (runs) at once`,
      await concurrent(batch, Math.ceil(writes / batch), (w) => store.commit(write(many[w] ?? ""))),
      "commits/s of the store alone",
    ),
  );
  let breaker = CLOSED;
  rows.push(
    row(
      "breaker round per call: loadBreaker x2 + saveBreaker",
      await sequential(writes, async () => {
        breaker = (await store.loadBreaker("bench_micro")) ?? breaker;
        await store.loadBreaker("bench_micro");
        await store.saveBreaker("bench_micro", record(breaker, true, Date.now()));
      }),
      "serialized per server today",
    ),
  );
  progress("micro: Prisma done");

  // The proposed path: prepared statements on the driver.
  const rawRows = async (label: string, storeOf: () => RawStore, concurrency: number[]) => {
    const r = storeOf();
    try {
      const [id] = await makeRuns(1);
      if (!id) throw new Error("no run");
      rows.push(row(`${label}: loadRun (prepared SELECT + JSON)`, await sequential(ops, () => r.loadRun(id)), "1 query"));
      rows.push(
        row(`${label}: commit, 1 transition per transaction`, await sequential(writes, () => r.commit([raw(id)])), "1 writer"),
      );
      const runs = await makeRuns(batch);
      const perBatch = await sequential(Math.max(8, Math.round(writes / batch)), () => r.commit(runs.map(raw)));
      rows.push(
        row(`${label}: group commit, ${batch} transitions per transaction`, perBatch / batch, "per transition, 1 writer"),
      );
      for (const workers of concurrency) {
        const ids = await makeRuns(workers);
        const us = await concurrent(workers, Math.ceil(writes / workers), (w) => r.commit([raw(ids[w] ?? "")]));
        rows.push(row(`${label}: commit, 1 transition per transaction, ${workers} writers`, us, "per transition"));
      }
    } finally {
      await r.close();
    }
  };
  if (database.provider === "sqlite" && database.sqlite) {
    const { file, synchronous } = database.sqlite;
    await rawRows("better-sqlite3", () => sqliteRaw(file, synchronous), []);
  } else {
    const tx = postgresRaw(database.url, 1, "transaction");
    try {
      const [id] = await makeRuns(1);
      if (!id) throw new Error("no run");
      rows.push(
        row(
          "pg: commit as today, BEGIN + 4 prepared statements + COMMIT",
          await sequential(writes, () => tx.commit([raw(id)])),
          "6 round trips, 1 writer",
        ),
      );
    } finally {
      await tx.close();
    }
    await rawRows("pg, one CTE statement", () => postgresRaw(database.url, 16, "statement"), [16]);
  }
  progress("micro: drivers done");
  return rows;
}
