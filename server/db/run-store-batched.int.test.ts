/**
 * The driver run stores (SQLite, PostgreSQL) on real databases: a batch
 * commits each transition alone or not at all, a stale or already-resolved
 * write is refused without harming its batch, two stores on one database
 * never both move a run, remembered state is used only under a lease, breaker
 * status changes reach other stores, and PostgreSQL claims are exclusive.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { createRunStore } from "./run-stores";
import type { BatchedRunStore } from "./run-store-batched";
import { initialState } from "../engine/core/step";
import type { PendingCall, RunState } from "../engine/core/types";
import type { TransitionWrite } from "../engine/runtime/ports";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "store test",
  startAt: "a",
  states: {
    a: { type: "tool", server: "s", tool: "t", input: {}, next: "done" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

const call = (runId: string, attempt = 1): PendingCall => ({
  type: "call",
  stateId: "a",
  visit: 1,
  attempt,
  server: "s",
  tool: "t",
  args: { n: attempt },
  idempotencyKey: `${runId}:a:1`,
  purpose: "step",
});

describe.each(PROVIDERS)("the driver run store on %s", (provider) => {
  let t: TestDatabase;
  let versionId = "";
  let workflowId = "";
  let clock = Date.now();
  const stores: BatchedRunStore[] = [];
  const open = () => {
    const store = createRunStore(t.db, t.url, { now: () => clock, breakerSyncMs: 0 });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition }));
    ({ versionId } = await publishWorkflow(t.db, { id: workflowId }));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await t.dispose();
  });

  let n = 0;
  async function newRun(store: BatchedRunStore): Promise<string> {
    const id = `run_${provider}_${n++}`;
    await store.createRun({ id, workflowId, versionId, input: { n }, state: initialState(id, { n }), now: clock });
    return id;
  }

  /** The run started, with a call in flight leased to `owner`. */
  function start(runId: string, expectedSeq: number, owner = "w1", extra: Partial<TransitionWrite> = {}): TransitionWrite {
    const pending = call(runId, expectedSeq + 1);
    const state: RunState = { ...initialState(runId, {}), status: "running", current: "a", pending };
    return {
      runId,
      expectedSeq,
      event: { type: "start", input: {} },
      state,
      commands: [{ type: "call_tool", call: pending, timeoutMs: 1000 }],
      now: clock,
      startedAttempts: [pending],
      escalations: [],
      lease: { owner, until: clock + 10_000 },
      ...extra,
    };
  }

  it("commits a batch of transitions in one go, leaving a stale one out alone", async () => {
    const store = open();
    const ids = await Promise.all([newRun(store), newRun(store), newRun(store)]);
    const results = await Promise.all([
      store.commit(start(ids[0], 0)),
      store.commit(start(ids[1], 5)),
      store.commit(start(ids[2], 0)),
    ]);
    expect(results).toEqual([true, false, true]);
    const runs = await t.db.run.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.seq, r.status, r.leaseOwner])).toEqual([
      [1, "running", "w1"],
      [0, "queued", null],
      [1, "running", "w1"],
    ]);
    expect(await t.db.transition.count({ where: { runId: { in: ids } } })).toBe(2);
    expect(await t.db.stepAttempt.count({ where: { runId: { in: ids }, status: "started" } })).toBe(2);
  });

  it("lets only one of two stores on the database move a run", async () => {
    const a = open();
    const b = open();
    const id = await newRun(a);
    const results = await Promise.all([a.commit(start(id, 0, "w1")), b.commit(start(id, 0, "w2"))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await t.db.transition.count({ where: { runId: id } })).toBe(1);
  });

  it("answers from memory only while it holds the run's lease", async () => {
    const store = open();
    const id = await newRun(store);
    expect((await store.loadRun(id))?.fromMemory).toBeFalsy();
    expect(await store.commit(start(id, 0))).toBe(true);
    const held = await store.loadRun(id);
    expect(held).toMatchObject({ seq: 1, fromMemory: true });
    clock += 9_000; // past three quarters of the lease
    const reread = await store.loadRun(id);
    expect(reread).toMatchObject({ seq: 1, state: { status: "running" } });
    expect(reread?.fromMemory).toBeFalsy();
  });

  it("refuses a second resolution of one escalation", async () => {
    const store = open();
    const id = await newRun(store);
    const escalation = {
      escalationId: `esc_${id}`,
      stateId: "a",
      reason: "outcome_unknown" as const,
      title: "?",
      message: "",
      context: {},
      options: [],
      details: null,
      assigneeGroup: null,
      dueAt: null,
    };
    const waiting: RunState = { ...initialState(id, {}), status: "waiting", current: "a" };
    expect(
      await store.commit({ ...start(id, 0), state: waiting, commands: [], startedAttempts: [], escalations: [escalation] }),
    ).toBe(true);
    const resolves = { id: escalation.escalationId, by: "sam", resolution: {}, status: "resolved" as const };
    const [first, second] = await Promise.all([
      store.commit({ ...start(id, 1), resolvesEscalation: resolves }),
      open().commit({ ...start(id, 1, "w2"), resolvesEscalation: { ...resolves, by: "kim" } }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await t.db.escalation.findUniqueOrThrow({ where: { id: escalation.escalationId } })).toMatchObject({
      status: "resolved",
    });
  });

  it("shares breaker status changes between stores", async () => {
    const a = open();
    const b = open();
    clock += 1;
    await a.saveBreaker("flaky", { status: "open", outcomes: [false], openedAt: clock, probeAt: null });
    const id = await newRun(a); // a batch: the breaker goes with it
    expect(id).toBeTruthy();
    expect((await b.loadBreaker("flaky"))?.status).toBe("open");
    clock += 1;
    await b.saveBreaker("flaky", { status: "closed", outcomes: [], openedAt: null, probeAt: null });
    await newRun(b);
    expect((await a.loadBreaker("flaky"))?.status).toBe("closed");
  });

  it.runIf(provider === "postgresql")("claims queued runs for one engine only (FOR UPDATE SKIP LOCKED)", async () => {
    const a = open();
    const b = open();
    const ids = await Promise.all(Array.from({ length: 10 }, () => newRun(a)));
    const claim = (owner: string) => ({ owner, until: clock + 10_000, now: clock });
    const [x, y] = await Promise.all([a.queuedRuns(100, claim("w1")), b.queuedRuns(100, claim("w2"))]);
    const mine = [...x, ...y].map((r) => r.runId).filter((id) => ids.includes(id));
    expect(new Set(mine).size).toBe(mine.length);
    expect(mine.sort()).toEqual([...ids].sort());
    // Claimed: not offered again while the lease runs.
    expect((await a.queuedRuns(100, claim("w3"))).filter((r) => ids.includes(r.runId))).toEqual([]);
  });

  it.runIf(provider === "postgresql")("wakes the other stores when a run is created (LISTEN/NOTIFY)", async () => {
    const a = open();
    const b = open();
    let ownWakes = 0;
    let aConnected!: () => void;
    const aListening = new Promise<void>((resolve) => (aConnected = resolve));
    const unsubscribeA = a.onWake(() => {
      ownWakes++;
      if (ownWakes === 1) aConnected(); // its own look-once call when its LISTEN is in place
    });
    let woken = 0;
    let connected!: () => void;
    const listening = new Promise<void>((resolve) => (connected = resolve));
    let notified!: () => void;
    const wakeUp = new Promise<void>((resolve) => (notified = resolve));
    const unsubscribe = b.onWake(() => {
      woken++;
      if (woken === 1)
        connected(); // the look-once call when the LISTEN is in place
      else notified();
    });
    await Promise.all([listening, aListening]);
    const before = ownWakes;
    await newRun(a);
    await wakeUp;
    expect(woken).toBe(2);
    expect(ownWakes).toBe(before); // a store does not wake itself
    unsubscribe();
    unsubscribeA();
  });
});
