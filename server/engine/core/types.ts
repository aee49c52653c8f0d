/**
 * The executor's data: run state, events and commands. All plain,
 * serializable JSON: the runtime persists them as they are.
 */
import type { CallLog } from "@/lib/runs/server-logs";
import type { ErrorKind } from "@/lib/workflow/errors";
import type { AgentProgress, ModelCallCommand, ModelOutcome, PendingModel } from "./agent-types";
import type { ChildFinished, ChildLink, ChildStart, FanoutRerun, PendingChildren } from "./children-types";

export type { ChildFinished, ChildLink, ChildStart, FanoutRerun, PendingChildren };

export type { AgentProgress, ModelCallCommand, ModelOutcome, PendingModel };

import type { RunStatus } from "@/lib/runs/status";
import type { EscalationReason as AnyEscalationReason } from "@/lib/inbox/escalations";

export { FINAL_STATUSES, type RunStatus } from "@/lib/runs/status";

/** A failure as the executor sees it (an MCP error, an expression error...). */
export interface StepError {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
}

/** A tool call waiting for its result. The idempotency key is `runId:stateId:visit`. */
export interface PendingCall {
  type: "call";
  stateId: string;
  visit: number;
  attempt: number;
  server: string;
  tool: string;
  args: Record<string, unknown>;
  idempotencyKey: string;
  /** Compensation calls belong to the roll-back, not to a state's visit; agent calls are asked for by an agent step's model. */
  purpose: "step" | "compensation" | "agent";
  /** Set when the key is an earlier visit's whose call has an unknown outcome (the same operation, sent again). */
  keyReused?: true | undefined;
  /** The call became a task on the server (MCP Tasks): after a crash it is waited for, never called again. */
  task?: CallTask | undefined;
  /** The step takes a result that breaks the tool's output schema as it is (its `validateOutput: false`). */
  acceptInvalidOutput?: true | undefined;
}

/** A tool call's task on its server (MCP Tasks), as committed with the run. */
export interface CallTask {
  taskId: string;
  /** Streamable HTTP: the session the task belongs to. */
  sessionId?: string | undefined;
  pollMs: number;
  /** When the server created it (ms since the epoch). */
  createdAt: number;
}

export interface PendingTimer {
  type: "timer";
  timerId: string;
  stateId: string;
  /** Why the run sleeps: a retry backoff, a wait state, or a breaker cool-down. */
  reason: "retry" | "wait" | "breaker";
  wakeAt: number;
}

export interface PendingHuman {
  type: "human";
  escalationId: string;
  stateId: string;
  reason: EscalationReason;
  /** When the SLA passes (ms since epoch), if the state has one. */
  dueAt: number | null;
}

/** A run parked on a waitForEvent step: matched on the event type and key, from `since` on (the look-back window). */
export interface PendingEvent {
  type: "event";
  waitId: string;
  stateId: string;
  eventType: string;
  /** The correlation key to match; null matches any event of the type. */
  key: string | null;
  /** Events published from this time on (ms since the epoch) match. */
  since: number;
  /** The time limit, when the step has one (a durable timer like a wait's). */
  timerId: string | null;
  wakeAt: number | null;
}

/** A run waiting for its turn on a named lock. */
export interface PendingLock {
  type: "lock";
  lockId: string;
  stateId: string;
  key: string;
  mode: "exclusive" | "shared";
  /** Shared: at most this many holders at a time. */
  limit: number;
}

/** A read or compare-and-set write of a shared value, carried out by the runtime; its timer re-issues it after a crash. */
export interface PendingShared {
  type: "shared";
  /** runId:stateId:visit: a write repeated after a crash is recognised as done. */
  opId: string;
  stateId: string;
  action: "read" | "write";
  key: string;
  value: unknown;
  expectedVersion: number;
  timerId: string;
  wakeAt: number;
}

/** An event of the shared log as a run receives it ($event). */
export interface LogEvent {
  id: string;
  type: string;
  payload: unknown;
  key: string | null;
  source: string;
  /** ms since the epoch */
  time: number;
}

/** The reasons the executor raises (a server's question, mcp_request, is raised by the elicitation desk). */
export type EscalationReason = Exclude<AnyEscalationReason, "mcp_request">;

/** A completed step that declared a compensation: its call with the arguments evaluated when it completed. */
export interface CompensationEntry {
  stateId: string;
  visit: number;
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /** The child run (a parallel branch) that completed the step, when not this run: its undo key names it. */
  runId?: string | undefined;
}

export interface RollbackProgress {
  /** Where to go when the roll-back is done (a catch route's target), or null to end the run. */
  then: string | null;
  /** How the run ends when `then` is null. */
  finalStatus: "compensated" | "cancelled";
  attempt: number;
}

/** How a finished run ended, when it did not succeed. */
export interface RunFailure {
  code: string;
  message: string;
  /** A branch's or item's failure: whether the step error it ended on was retryable (the parent's retry policy). */
  retryable?: boolean | undefined;
}

export interface RunState {
  runId: string;
  status: RunStatus;
  /** The state being executed (null once the run is final). */
  current: string | null;
  /** How many times each state was entered; a state's current visit number. */
  visits: Record<string, number>;
  /** The attempt number of the current step (1-based); it keeps counting across a person's retries, so every attempt
   * keeps its own record. */
  attempt: number;
  /** Attempts made before the last retry a person asked for: the retry policy counts from there. */
  attemptBase?: number | undefined;
  input: unknown;
  /** Assigned variables ($name in expressions). */
  vars: Record<string, unknown>;
  compensations: CompensationEntry[];
  rollback: RollbackProgress | null;
  pending:
    | PendingCall
    | PendingTimer
    | PendingHuman
    | PendingEvent
    | PendingLock
    | PendingShared
    | PendingModel
    | PendingChildren
    | null;
  output: unknown;
  /** The last step error (kept while retrying or escalated). */
  error: StepError | null;
  failure: RunFailure | null;
  /** Ids of states passed through, in order (the path taken). */
  path: string[];
  /**
   * A re-run, before it starts: the step it starts at (with the arguments to call it with), see rerun.ts; `into`: a
   * parallel or map step re-entered to re-run one of its branches or items from an inner step; `reused`: a branch or
   * item taken over from the run re-run (it ends at once, succeeded, with the output it had).
   */
  resume?:
    | {
        stateId: string;
        args?: Record<string, unknown> | undefined;
        into?: FanoutRerun | undefined;
        reused?: true | undefined;
      }
    | null
    | undefined;
  /** Ids of the events this run received (the latest 50), so a later wait does not take the same event again. */
  consumedEvents?: string[] | undefined;
  /** Names of the locks the run holds, in the order taken (released when the run ends). */
  locks?: string[] | undefined;
  /** The agent step being executed: its transcript, spend and the tool calls still to make (agent.ts). */
  agent?: AgentProgress | null | undefined;
  /** The error the last catch route handled: $error in the steps after it. */
  lastError?: StepError | null | undefined;
  /**
   * Step calls whose outcome is unknown (they timed out, or a crash left them unanswered), by state id: the
   * idempotency key they were sent with. Calling the step again re-sends the same key, so the server can recognise
   * the operation; cleared when the step completes.
   */
  unsettled?: Record<string, string> | undefined;
  /** A parallel branch or map item: the run it belongs to and where its steps are in the definition (children.ts). */
  parent?: ChildLink | undefined;
  /**
   * A parallel or map step that failed: its branches' or items' progress when it did, so a retry of the step restarts
   * only the children that did not succeed (children.ts). Cleared when the run enters another step.
   */
  keptChildren?: PendingChildren | null | undefined;
  /**
   * A branch or item run its parent's failed step cancelled while a call was in flight: the call is not interrupted
   * (its outcome says whether the work was done); when it settles, the run ends: succeeded if that completes it, else
   * cancelled (docs/parallel-map.md). A retry of the parent's step waits for this run to be final.
   */
  cancelling?: { compensate: boolean } | undefined;
}

export type RunEvent =
  | { type: "start"; input: unknown }
  /** Call outcomes name the call they answer (callId); an answer for another call than the pending one is ignored. */
  /** `logs`: what the server logged during the call (lib/runs/server-logs.ts), for the timeline; the core ignores it. */
  | { type: "call_succeeded"; result: unknown; fromCache?: boolean; callId?: string | undefined; logs?: CallLog[] | undefined }
  | { type: "call_failed"; error: StepError; callId?: string | undefined; logs?: CallLog[] | undefined }
  | { type: "timer_fired"; timerId: string }
  | { type: "human_resolved"; escalationId: string; optionId: string; data?: unknown; by: string }
  | { type: "human_timed_out"; escalationId: string }
  /** The pending call's server made it a task (MCP Tasks): committed before anyone waits for it. */
  | { type: "call_task_created"; task: CallTask; callId?: string | undefined }
  /** After a crash: the call's request was handed to the transport (sentAt) and no answer was recorded. */
  | { type: "call_outcome_unknown"; callId?: string | undefined; sentAt?: number | null | undefined }
  /** A call refused by an open breaker; `cached`: the last result of the same call (savedAt: when it was made). */
  | {
      type: "breaker_open";
      retryAt: number;
      cached?: { result: unknown; savedAt?: number | undefined } | undefined;
      callId?: string | undefined;
    }
  /** Escalation actions on a failed step: try again (optionally with other arguments), or skip it with a given result. */
  | { type: "retry_step"; args?: Record<string, unknown> | undefined; by: string }
  | { type: "skip_step"; result: unknown; by: string }
  /** `afterCall`: a call in flight is awaited, not interrupted (a parent's failed step cancelling its children). */
  | { type: "cancel"; compensate: boolean; by: string; afterCall?: boolean | undefined }
  /** An event matched the run's waitForEvent step. */
  | { type: "event_received"; waitId: string; event: LogEvent }
  /** The run's turn on the lock it waits for. */
  | { type: "lock_granted"; lockId: string }
  /** The outcome of a shared value read or write; `conflict` when a write was based on a stale version. */
  | { type: "shared_done"; opId: string; value: unknown; version: number; conflict?: boolean | undefined }
  /** The model's answer to an agent step's call (or why there is none), committed before any tool call it asks for. */
  | ({
      type: "model_done";
      callKey: string;
      /** The provider and model asked (recorded for Insights; absent in events recorded before). */
      provider?: string | undefined;
      model?: string | undefined;
    } & ModelOutcome)
  /** A branch or item run of the pending parallel or map step ended. */
  | ChildFinished
  /** The outputs of a map's item runs, in the list's order (failed items: null), read once every item is done. */
  | {
      type: "children_collected";
      prefix: string;
      results: unknown[];
      /** The items' outputs together exceed the limit: the step fails (results is empty). */
      tooLarge?: { bytes: number; limitBytes: number } | undefined;
    };

export type Command =
  | { type: "call_tool"; call: PendingCall; timeoutMs: number }
  | { type: "schedule_timer"; timer: PendingTimer }
  | { type: "open_escalation"; escalation: EscalationRequest }
  | { type: "cancel_call"; stateId: string }
  | { type: "run_finished"; status: RunStatus }
  /** Publish an event (written before the transition commits; the id makes a repeated write one event). */
  | { type: "emit_event"; event: Omit<LogEvent, "time"> }
  /** Park the run until an event matches (the wait row is written before the transition commits). */
  | { type: "wait_for_event"; wait: PendingEvent }
  /** Queue for a lock (the claim is written before the transition commits). */
  | { type: "acquire_lock"; lock: PendingLock }
  /** Locks given back by an unlock step (the runtime also releases every lock of a run that ends). */
  | { type: "release_locks"; keys: string[] }
  /** Read or compare-and-set a shared value (after the commit; the pending timer re-issues it if nobody answers). */
  | { type: "shared_op"; op: PendingShared }
  /** Call the model for an agent step (after the commit; the pending model call's timer re-issues it if nobody answers). */
  | { type: "call_model"; call: ModelCallCommand }
  /** Create the branch or item runs not created yet and start them; report any found already finished (after the commit). */
  | { type: "start_children"; children: ChildStart[] }
  /**
   * Cancel these branch or item runs (each undoes its own completed steps). Its call in flight is cancelled, or with
   * `afterCall` (the step failed, a retry may follow) awaited: the run ends when it settles.
   */
  | { type: "cancel_children"; runIds: string[]; afterCall?: boolean | undefined }
  /** Read the outputs of a map's item runs `<prefix>.0` .. `<prefix>.<total-1>` and deliver children_collected. */
  | { type: "collect_children"; prefix: string; total: number; attempts?: number | undefined };

export interface EscalationRequest {
  escalationId: string;
  stateId: string;
  reason: EscalationReason;
  title: string;
  message: string;
  context: Record<string, unknown>;
  options: { id: string; label: string; next: string | null }[];
  assigneeGroup: string | null;
  dueAt: number | null;
  details: unknown;
}

/** What the pure step function needs from outside: time and fresh ids. */
export interface StepInputs {
  now: number;
  newId: (prefix: string) => string;
  /** A number in [0, 1) for jitter. */
  random: () => number;
  /**
   * Remembers a value computed from a waiting run's data, which does not change while it waits (a map's list: one
   * evaluation per visit of the step, not one per finished item). Without it the value is computed every time.
   */
  memo?: (<T>(key: string, compute: () => Promise<T>) => Promise<T>) | undefined;
}

export interface StepResult {
  state: RunState;
  commands: Command[];
  /** Set when the event does not apply to the run as it is (a stale or duplicate event); nothing changed. */
  ignored?: string | undefined;
}

/** Identifies one attempt of one call: a late answer to an earlier attempt (or another step) must not be taken for this one. */
export function callId(call: PendingCall): string {
  return `${call.idempotencyKey}#${call.purpose}#${call.attempt}`;
}
