/**
 * What the runtime needs from the world, as interfaces: the run store (the
 * database), the tools (MCP), and time and ids. Adapters live elsewhere
 * (server/db/run-store*.ts, server/services/host/engine-host.ts).
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { CallTask, Command, EscalationRequest, PendingCall, RunEvent, RunState, StepError } from "../core/types";
import type { BreakerState } from "../core/breaker";

export interface StoredRun {
  id: string;
  versionId: string;
  seq: number;
  state: RunState;
  definition: WorkflowDefinition;
  /** Answered from the store's memory (valid only while this engine holds the run's lease), not read from the database. */
  fromMemory?: boolean;
}

/** Claiming rows for this engine (PostgreSQL: FOR UPDATE SKIP LOCKED, so that two engines never take the same run). */
export interface Claim {
  owner: string;
  /** The lease's expiry (ms since the epoch). */
  until: number;
  now: number;
}

/** A run to create (the run store is the only writer of Run rows). */
export interface NewRun {
  id: string;
  workflowId: string;
  versionId: string;
  input: unknown;
  /** The run's state before its first event: the initial state, or a re-run's seed. */
  state: RunState;
  now: number;
  /** A re-run: the data it starts from (kept for replays), its parent and the step it starts at. */
  rerun?: { seed: RunState; parentRunId: string; fromStateId: string } | undefined;
  /**
   * A trigger's delivery, recorded with the run (TriggerFiring, unique per trigger and dedup key): when the delivery is
   * already recorded, nothing is created and createRun answers false.
   */
  firing?: { id: string; triggerId: string; dedupKey: string } | undefined;
}

/** The audit row of a person's decision, written in the same transaction as the decision (AuditEvent). */
export interface AuditRow {
  id: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
  address: string;
}

/** Everything one transition writes, in ONE database transaction. */
export interface TransitionWrite {
  runId: string;
  /** The transition creates the run (seq 0 -> 1): creating and starting a run is one commit. */
  create?: Omit<NewRun, "state" | "now" | "firing"> | undefined;
  /** The run's seq before the event; the write fails if another writer moved it. */
  expectedSeq: number;
  /** When the new state has a call in flight, this engine holds the run until the lease expires (renewed by heartbeat). */
  lease?: { owner: string; until: number } | undefined;
  event: RunEvent;
  state: RunState;
  commands: Command[];
  now: number;
  /** The attempt the event completes (call results), with its outcome. */
  completedAttempt?: { call: PendingCall; outcome: AttemptOutcome } | undefined;
  /** Attempts to record as started before their calls are made. */
  startedAttempts: PendingCall[];
  escalations: EscalationRequest[];
  /** An escalation this event resolves: the write fails if it is no longer open. */
  resolvesEscalation?: { id: string; by: string; resolution: unknown; status: "resolved" | "expired" } | undefined;
  /** A person's decision: its audit row, written only when the transition is. */
  audit?: AuditRow | undefined;
}

export type AttemptOutcome =
  /** cachedAt: for a result from the cache, when the call that produced it was made. */
  | { status: "succeeded"; output: unknown; latencyMs: number; fromCache: boolean; cachedAt?: number | undefined }
  | { status: "failed"; error: StepError; latencyMs: number }
  /** Refused by the server's open circuit breaker: no call was made. */
  | { status: "refused"; error: StepError }
  | { status: "unknown" };

export interface RunStore {
  /** Creates a queued run (seq 0); false when its trigger delivery was already recorded (nothing created). */
  createRun(run: NewRun): Promise<boolean>;
  loadRun(runId: string): Promise<StoredRun | null>;
  /** A published version's definition (cached: versions never change). */
  loadDefinition(versionId: string): Promise<WorkflowDefinition>;
  /** Commits a transition; returns false when the run moved on meanwhile (stale seq) or the escalation was already resolved. */
  commit(write: TransitionWrite): Promise<boolean>;
  /** Runs whose timer is due, with the timer's id. */
  dueTimers(now: number, limit: number): Promise<{ runId: string; timerId: string }[]>;
  /** Open escalations past their SLA. */
  overdueEscalations(now: number, limit: number): Promise<{ runId: string; escalationId: string }[]>;
  markEscalationExpired(escalationId: string, now: number): Promise<void>;
  /** Runs created but not started yet (queued), oldest first; with `claim`, leased to the claimer (stores that share a database). */
  queuedRuns(limit: number, claim?: Claim): Promise<{ runId: string; input: unknown }[]>;
  /**
   * Unfinished runs with a call pending whose engine is gone: after a crash, the call may or may not have happened.
   * With `now`, only runs whose lease expired; without, all (a single engine starting on its own database). With `claim`,
   * the runs returned are leased to the claimer.
   */
  runsWithPendingCalls(now?: number, claim?: Claim): Promise<string[]>;
  /** Extends this engine's leases on runs with calls in flight. */
  renewLeases(owner: string, runIds: string[], until: number): Promise<void>;
  loadBreaker(server: string): Promise<BreakerState | null>;
  saveBreaker(server: string, state: BreakerState): Promise<void>;
  /**
   * The last successful result of this call (same server, tool and arguments), however many other calls came since,
   * with when it was made (ms since the epoch), for read-only tools.
   */
  cachedResult(server: string, tool: string, args: Record<string, unknown>): Promise<{ result: unknown; savedAt: number } | null>;
  /** Records, durably, that the attempt's request is about to be handed to the transport (StepAttempt.sentAt). */
  markSent?(attempt: AttemptRef, now: number): Promise<void>;
  /**
   * When the attempt's request was handed to the transport (ms since the epoch); null when it never was; undefined
   * when there is no record of the attempt (then it may have been).
   */
  sentAt?(attempt: AttemptRef): Promise<number | null | undefined>;
  /** Calls `listener` when another engine may have work for this one (e.g. PostgreSQL NOTIFY on a new run); returns unsubscribe. */
  onWake?(listener: () => void): () => void;
  /** Drops what the store remembers of a run (the next loadRun reads the database). */
  forget?(runId: string): void;
  /** Waits for pending writes and closes the store's own connections (it reopens them if used again). */
  close?(): Promise<void>;
}

export interface ToolCallOptions {
  timeoutMs: number;
  signal: AbortSignal;
  idempotencyKey: string;
  /** Awaited right before the request is handed to the transport (after connecting): the engine records the send. */
  beforeSend?: (() => Promise<void>) | undefined;
  /** The server made the call a task (MCP Tasks): awaited (the engine commits it) before anyone waits for it. */
  onTask?: ((task: CallTask) => Promise<void>) | undefined;
  /** Waits for this task (committed earlier, maybe by an engine that died) instead of calling the tool again. */
  resumeTask?: CallTask | undefined;
  /** false: a result breaking the tool's output schema is taken as it is (the state's `validateOutput: false`). */
  validateOutput?: boolean | undefined;
  /** Each log message the server sends during the call (already bounded and without the server's secrets). */
  onLog?: ((log: { level: string; logger?: string | undefined; message: string }) => void) | undefined;
  /** Each progress notification of the call (live views only; never stored). */
  onProgress?: ((p: { progress: number; total?: number | undefined; message?: string | undefined }) => void) | undefined;
  /** Each change of the call's task's status (live views only; never stored). */
  onTaskStatus?: ((s: { taskId: string; status: string; message?: string | undefined }) => void) | undefined;
}

/** One attempt of a call, as the attempt rows name it. */
export interface AttemptRef {
  runId: string;
  stateId: string;
  visit: number;
  attempt: number;
  purpose: "step" | "compensation" | "agent";
}

export interface ToolPort {
  /** Calls a tool; resolves with its result or rejects with an error carrying kind, message and retryable. */
  call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    opts: ToolCallOptions,
  ): Promise<{ result: unknown; latencyMs: number }>;
  /** From the tool's annotations (idempotentHint or readOnlyHint). */
  annotations(server: string, tool: string): Promise<{ idempotent: boolean; readOnly: boolean }>;
}

export interface Clock {
  now(): number;
  newId(prefix: string): string;
  random(): number;
}
