/**
 * What one transition writes, serialized once for the driver stores
 * (run-store-sqlite.ts, run-store-pg.ts): the same rows the benchmark's PrismaRunStore.commit
 * writes (Run, Transition, StepAttempt, Escalation), with JSON as text and
 * times as ms since the epoch (each driver formats them for its database).
 */
import type { AuditRow, NewRun, TransitionWrite } from "../engine/runtime/ports";
import { FINAL_STATUSES } from "../engine/core/types";
import { newId } from "../util/ids";
import { wakeOf } from "../engine/core/wake";

/** A new run. */
export interface CreateRow {
  kind: "create";
  id: string;
  workflowId: string;
  versionId: string;
  status: string;
  state: string;
  input: string;
  now: number;
  /** A re-run's seed (JSON), parent and first step; null otherwise. */
  seed: string | null;
  parentRunId: string | null;
  fromStateId: string | null;
  /** A trigger's delivery, recorded with the run; a duplicate delivery creates nothing (the row is refused). */
  firing: { id: string; triggerId: string; dedupKey: string } | null;
}

export interface CompletedRow {
  stateId: string;
  visit: number;
  attempt: number;
  purpose: string;
  status: string;
  output: string | null;
  error: string | null;
  latencyMs: number | null;
  fromCache: boolean | null;
}

export interface StartedRow {
  id: string;
  stateId: string;
  visit: number;
  attempt: number;
  purpose: string;
  server: string;
  tool: string;
  input: string;
  idempotencyKey: string;
}

export interface EscalationRow {
  id: string;
  stateId: string;
  reason: string;
  title: string;
  message: string;
  context: string;
  options: string;
  details: string | null;
  assigneeGroup: string | null;
  dueAt: number | null;
}

/** One transition's rows. Written only if the run's seq is still `expectedSeq` (and the escalation it resolves is open). */
export interface TransitionRow {
  kind: "transition";
  runId: string;
  /** The transition creates the run (expectedSeq 0): one commit for creating and starting it. */
  create: CreateRow | null;
  expectedSeq: number;
  status: string;
  currentState: string | null;
  state: string;
  wakeAt: number | null;
  /** Set only when the run succeeded; null leaves the column as it is. */
  output: string | null;
  failure: string | null;
  finishedAt: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  now: number;
  event: string;
  commands: string;
  completed: CompletedRow | null;
  started: StartedRow[];
  escalations: EscalationRow[];
  resolves: { id: string; status: string; by: string; resolution: string } | null;
  /** A person's decision: its audit row, written with the transition. */
  audit: AuditRow | null;
}

export type Row = CreateRow | TransitionRow;

/** An attempt whose request is about to be handed to the transport, and when. */
export interface SentMark {
  runId: string;
  stateId: string;
  visit: number;
  attempt: number;
  purpose: string;
  at: number;
}

/** A circuit breaker to persist: its server, its state as JSON, and when its status changed (ms since the epoch). */
export type BreakerRow = [server: string, state: string, changedAt: number];

export function createRow(run: NewRun): CreateRow {
  return {
    kind: "create",
    id: run.id,
    workflowId: run.workflowId,
    versionId: run.versionId,
    status: run.state.status,
    state: JSON.stringify(run.state),
    input: JSON.stringify(run.input ?? null),
    now: run.now,
    seed: run.rerun ? JSON.stringify(run.rerun.seed) : null,
    parentRunId: run.rerun?.parentRunId ?? null,
    fromStateId: run.rerun?.fromStateId ?? null,
    firing: run.firing ?? null,
  };
}

/** The run a transition creates (its row is written with the transition's values in the same savepoint / statement). */
function freshRun(w: TransitionWrite): CreateRow | null {
  return w.create ? createRow({ ...w.create, state: w.state, now: w.now }) : null;
}

export function transitionRow(w: TransitionWrite): TransitionRow {
  const s = w.state;
  const final = FINAL_STATUSES.includes(s.status);
  const timer = wakeOf(s);
  const lease = (s.pending?.type === "call" || s.pending?.type === "model") && w.lease ? w.lease : null;
  const c = w.completedAttempt;
  const o = c?.outcome;
  return {
    kind: "transition",
    runId: w.runId,
    create: freshRun(w),
    expectedSeq: w.expectedSeq,
    status: s.status,
    currentState: s.current,
    state: JSON.stringify(s),
    wakeAt: timer ? timer.wakeAt : null,
    output: final && s.status === "succeeded" ? JSON.stringify({ value: s.output }) : null,
    failure: s.failure ? JSON.stringify(s.failure) : null,
    finishedAt: final ? w.now : null,
    leaseOwner: lease ? lease.owner : null,
    leaseExpiresAt: lease ? lease.until : null,
    now: w.now,
    event: JSON.stringify(w.event),
    commands: JSON.stringify(w.commands),
    completed:
      c && o
        ? {
            stateId: c.call.stateId,
            visit: c.call.visit,
            attempt: c.call.attempt,
            purpose: c.call.purpose,
            status: o.status,
            output: o.status === "succeeded" ? JSON.stringify(outputOf(o)) : null,
            error: o.status === "failed" || o.status === "refused" ? JSON.stringify(o.error) : null,
            latencyMs: o.status === "unknown" || o.status === "refused" ? null : o.latencyMs,
            fromCache: o.status === "succeeded" ? o.fromCache : null,
          }
        : null,
    started: w.startedAttempts.map((call) => ({
      id: newId("att"),
      stateId: call.stateId,
      visit: call.visit,
      attempt: call.attempt,
      purpose: call.purpose,
      server: call.server,
      tool: call.tool,
      input: JSON.stringify(call.args),
      idempotencyKey: call.idempotencyKey,
    })),
    escalations: w.escalations.map((e) => ({
      id: e.escalationId,
      stateId: e.stateId,
      reason: e.reason,
      title: e.title,
      message: e.message,
      context: JSON.stringify(e.context),
      options: JSON.stringify(e.options),
      details: e.details === null || e.details === undefined ? null : JSON.stringify(e.details),
      assigneeGroup: e.assigneeGroup,
      dueAt: e.dueAt,
    })),
    resolves: w.resolvesEscalation
      ? {
          id: w.resolvesEscalation.id,
          status: w.resolvesEscalation.status,
          by: w.resolvesEscalation.by,
          resolution: JSON.stringify(w.resolvesEscalation.resolution ?? null),
        }
      : null,
    audit: w.audit ?? null,
  };
}

/** A step's recorded result: `{ value }`, with `cachedAt` when it came from the cache (the run page shows its age). */
export function outputOf(o: { output: unknown; cachedAt?: number | undefined }): { value: unknown; cachedAt?: number } {
  return o.cachedAt === undefined ? { value: o.output } : { value: o.output, cachedAt: o.cachedAt };
}
