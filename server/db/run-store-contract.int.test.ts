/**
 * The run-store contract: what every RunStore does, whatever keeps its rows. Each store passes the same cases: the
 * in-memory store of the test harness (server/engine/runtime/testing), the driver store on SQLite, and on PostgreSQL
 * when TEST_POSTGRES_URL is set. A store that behaves differently from the others (a run created twice, a stale write
 * accepted, a decision without its audit row, a delivery starting two runs) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { createTrigger } from "../services/coordination/triggers";
import { createRunStore } from "./run-stores";
import { initialState } from "../engine/core/step";
import type { EscalationRequest, PendingCall, RunState } from "../engine/core/types";
import type { RunStore, TransitionWrite } from "../engine/runtime/ports";
import { MemoryRunStore } from "../engine/runtime/testing/memory-run-store";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "contract",
  startAt: "a",
  states: { a: { type: "tool", server: "s", tool: "t", input: {}, next: "done" }, done: { type: "succeed" } },
} as unknown as WorkflowDefinition;

interface RunRow {
  status: string;
  seq: number;
  parentRunId: string | null;
  fromStateId: string | null;
}

/** A store under test, with a way to read its rows back. */
interface Subject {
  store: RunStore;
  workflowId: string;
  versionId: string;
  triggerId: string;
  run(id: string): Promise<RunRow | null>;
  escalation(id: string): Promise<{ status: string; resolvedBy: string | null } | null>;
  /** Audit rows about `target`: their actors. */
  audit(target: string): Promise<string[]>;
  runsOfTrigger(): Promise<number>;
  dispose(): Promise<void>;
}

const clock = Date.UTC(2026, 0, 1);

function memorySubject(): Promise<Subject> {
  const store = new MemoryRunStore();
  store.addVersion("ver_1", definition);
  return Promise.resolve({
    store,
    workflowId: "wf_1",
    versionId: "ver_1",
    triggerId: "trg_1",
    run: (id) => {
      const r = store.runs.get(id);
      const row = { parentRunId: r?.rerun?.parentRunId ?? null, fromStateId: r?.rerun?.fromStateId ?? null };
      return Promise.resolve(r ? { status: r.status, seq: r.seq, ...row } : null);
    },
    escalation: (id) => Promise.resolve(store.escalations.get(id) ?? null),
    audit: (target) => Promise.resolve(store.audit.filter((a) => a.target === target).map((a) => a.actor)),
    runsOfTrigger: () => Promise.resolve(store.firings.size),
    dispose: () => Promise.resolve(),
  });
}

async function databaseSubject(provider: "sqlite" | "postgresql"): Promise<Subject> {
  const t: TestDatabase = await createTestDatabase(provider);
  const { id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition });
  const { versionId } = await publishWorkflow(t.db, { id: workflowId });
  const trigger = await createTrigger(t.db, { workflowId, config: { kind: "event", eventType: "contract.test" } });
  const store = createRunStore(t.db, t.url, { now: () => clock, breakerSyncMs: 0 });
  return {
    store,
    workflowId,
    versionId,
    triggerId: trigger.id,
    run: (id) =>
      t.db.run.findUnique({ where: { id }, select: { status: true, seq: true, parentRunId: true, fromStateId: true } }),
    escalation: (id) => t.db.escalation.findUnique({ where: { id }, select: { status: true, resolvedBy: true } }),
    audit: async (target) => (await t.db.auditEvent.findMany({ where: { target } })).map((a) => a.actor),
    runsOfTrigger: () => t.db.triggerFiring.count(),
    async dispose() {
      await store.close();
      await t.dispose();
    },
  };
}

const SUBJECTS: [string, () => Promise<Subject>][] = [
  ["memory", memorySubject],
  ...PROVIDERS.map((p): [string, () => Promise<Subject>] => [`driver on ${p}`, () => databaseSubject(p)]),
];

const call = (runId: string): PendingCall => ({
  type: "call",
  stateId: "a",
  visit: 1,
  attempt: 1,
  server: "s",
  tool: "t",
  args: { x: 1 },
  idempotencyKey: `${runId}:a:1`,
  purpose: "step",
});

describe.each(SUBJECTS)("the run store contract: %s", (_name, make) => {
  let s: Subject;
  let n = 0;
  const newId = () => `run_contract_${n++}`;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(() => s.dispose());

  /** The run's first transition: a call in flight, leased to `owner`. */
  function started(runId: string, expectedSeq = 0, extra: Partial<TransitionWrite> = {}): TransitionWrite {
    const pending = call(runId);
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
      lease: { owner: "w1", until: clock + 10_000 },
      ...extra,
    };
  }

  const queued = (id: string) => ({ id, workflowId: s.workflowId, versionId: s.versionId, input: { n }, now: clock });

  it("creates a queued run at seq 0 that engines find, with its version's definition", async () => {
    const id = newId();
    expect(await s.store.createRun({ ...queued(id), state: initialState(id, { n }) })).toBe(true);
    expect(await s.run(id)).toMatchObject({ status: "queued", seq: 0 });
    expect((await s.store.queuedRuns(1000)).map((q) => q.runId)).toContain(id);
    expect(await s.store.loadRun(id)).toMatchObject({ id, seq: 0, definition: { name: "contract" } });
    expect(await s.store.loadDefinition(s.versionId)).toMatchObject({ startAt: "a" });
  });

  it("creates and starts a run in one commit: never queued, and not created twice", async () => {
    const id = newId();
    const create = { workflowId: s.workflowId, versionId: s.versionId, input: {} };
    expect(await s.store.commit(started(id, 0, { create: { id, ...create } }))).toBe(true);
    expect(await s.run(id)).toMatchObject({ status: "running", seq: 1 });
    expect((await s.store.queuedRuns(1000)).map((q) => q.runId)).not.toContain(id);
    await expect(s.store.commit(started(id, 0, { create: { id, ...create } }))).rejects.toThrow();
    expect(await s.run(id)).toMatchObject({ seq: 1 });
  });

  it("keeps a re-run's parent and first step", async () => {
    const parent = newId();
    const id = newId();
    const seed = initialState(id, {});
    const rerun = { seed, parentRunId: parent, fromStateId: "a" };
    const create = { id, workflowId: s.workflowId, versionId: s.versionId, input: {}, rerun };
    expect(await s.store.commit(started(id, 0, { create }))).toBe(true);
    expect(await s.run(id)).toMatchObject({ parentRunId: parent, fromStateId: "a", seq: 1 });
  });

  it("refuses a stale write and leaves the run as it was", async () => {
    const id = newId();
    await s.store.createRun({ ...queued(id), state: initialState(id, {}) });
    expect(await s.store.commit(started(id, 0))).toBe(true);
    expect(await s.store.commit(started(id, 0))).toBe(false);
    expect(await s.run(id)).toMatchObject({ seq: 1, status: "running" });
  });

  it("records a trigger's delivery once: a second delivery creates nothing", async () => {
    const before = await s.runsOfTrigger();
    const firing = { triggerId: s.triggerId, dedupKey: `event:${n}` };
    const a = newId();
    const b = newId();
    const first = await s.store.createRun({ ...queued(a), state: initialState(a, {}), firing: { id: `trf_${a}`, ...firing } });
    const second = await s.store.createRun({ ...queued(b), state: initialState(b, {}), firing: { id: `trf_${b}`, ...firing } });
    expect([first, second]).toEqual([true, false]);
    expect(await s.run(b)).toBeNull();
    expect(await s.runsOfTrigger()).toBe(before + 1);
  });

  it("opens an escalation with a transition; a decision resolves it once, with its audit row in the same commit", async () => {
    const id = newId();
    await s.store.createRun({ ...queued(id), state: initialState(id, {}) });
    const escalation: EscalationRequest = {
      escalationId: `esc_${id}`,
      stateId: "a",
      reason: "human_step",
      title: "Decide",
      message: "",
      context: {},
      options: [{ id: "ok", label: "OK", next: "done" }],
      assigneeGroup: null,
      dueAt: clock + 60_000,
      details: null,
    };
    const parked: RunState = { ...initialState(id, {}), status: "waiting", current: "a" };
    const open: TransitionWrite = { ...started(id), state: parked, commands: [], startedAttempts: [], escalations: [escalation] };
    expect(await s.store.commit(open)).toBe(true);
    expect(await s.escalation(escalation.escalationId)).toMatchObject({ status: "open" });
    expect(await s.store.overdueEscalations(clock + 59_999, 100)).not.toContainEqual({ runId: id, escalationId: `esc_${id}` });
    expect(await s.store.overdueEscalations(clock + 60_000, 100)).toContainEqual({ runId: id, escalationId: `esc_${id}` });

    const decide = (seq: number, by: string): TransitionWrite => ({
      ...started(id, seq),
      event: { type: "human_resolved", escalationId: escalation.escalationId, optionId: "ok", by },
      state: { ...parked, status: "succeeded", current: null },
      commands: [],
      startedAttempts: [],
      resolvesEscalation: { id: escalation.escalationId, by, resolution: { optionId: "ok" }, status: "resolved" },
      audit: {
        id: `aud_${id}_${by}`,
        actor: by,
        action: "escalation.resolve",
        target: escalation.escalationId,
        detail: "",
        address: "",
      },
    });
    expect(await s.store.commit(decide(1, "ada"))).toBe(true);
    expect(await s.store.commit(decide(2, "bob"))).toBe(false);
    expect(await s.escalation(escalation.escalationId)).toMatchObject({ status: "resolved", resolvedBy: "ada" });
    expect(await s.audit(escalation.escalationId)).toEqual(["ada"]);
  });

  it("finds due timers, runs whose lease expired, when a request was sent, and the last result of a read", async () => {
    const id = newId();
    await s.store.createRun({ ...queued(id), state: initialState(id, {}) });
    expect(await s.store.commit(started(id))).toBe(true);
    expect(await s.store.runsWithPendingCalls(clock + 5_000)).not.toContain(id);
    expect(await s.store.runsWithPendingCalls(clock + 10_001)).toContain(id);
    const ref = { runId: id, stateId: "a", visit: 1, attempt: 1, purpose: "step" as const };
    expect(await s.store.sentAt?.(ref)).toBeNull();
    await s.store.markSent?.(ref, clock + 1);
    expect(await s.store.sentAt?.(ref)).toBe(clock + 1);
    expect(await s.store.sentAt?.({ ...ref, attempt: 9 })).toBeUndefined();

    const timer = { type: "timer" as const, timerId: `tmr_${id}`, stateId: "a", reason: "retry" as const, wakeAt: clock + 1_000 };
    const sleeping: RunState = { ...initialState(id, {}), status: "retrying", current: "a", pending: timer };
    const done = { status: "succeeded" as const, output: { hit: n }, latencyMs: 3, fromCache: false };
    const answered: TransitionWrite = {
      ...started(id, 1),
      event: { type: "call_succeeded", result: { hit: n }, callId: `${id}:a:1:1` },
      state: sleeping,
      commands: [],
      startedAttempts: [],
      completedAttempt: { call: call(id), outcome: done },
    };
    expect(await s.store.commit(answered)).toBe(true);
    expect(await s.store.dueTimers(clock + 999, 100)).not.toContainEqual({ runId: id, timerId: timer.timerId });
    expect(await s.store.dueTimers(clock + 1_000, 100)).toContainEqual({ runId: id, timerId: timer.timerId });
    expect(await s.store.cachedResult("s", "t", { x: 1 })).toMatchObject({ result: { hit: n } });
    expect(await s.store.cachedResult("s", "t", { x: 2 })).toBeNull();
  });
});
