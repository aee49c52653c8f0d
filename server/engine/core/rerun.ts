/**
 * Re-running a finished run from one of its steps ("time travel"), as pure functions of the parent's recorded data:
 *
 * - `dataAt` replays the parent's transition log (its events, in order) through `step` and returns the run's data at
 *   the moment it entered the chosen step: the input, the variables, the path before it, the compensations of the
 *   steps before it. Only events are replayed, never commands: nothing before the step happens again.
 * - `rerunState` turns that into the new run's initial state: queued, with the reused path, and `resume` saying where
 *   to start (optionally with other arguments for that step's tool).
 * - `resume` (the start event of such a run) enters that step like any other arrival, or calls its tool with the
 *   given arguments.
 *
 * - Inside a branch or item (a child run): the new top-level run's seed resumes at the parallel or map step with
 *   `into` (the chosen child's own seed, made the same way from its log); entering the step again, the chosen branch
 *   or item is created as a re-run from its step, and each other one takes over the re-run run's child where that
 *   one succeeded (`reusedChild`: it ends at once with that outcome). `rerunChild` decides which (docs/parallel-map.md).
 *
 * Recorded events name the timers, escalations and calls they answered by ids made when the parent ran; a replay
 * makes new ids, so each recorded event is matched to what is pending at its turn (the log only holds events that
 * applied).
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { ChildLink, CompensationEntry, FanoutRerun, RunEvent, RunState, StepInputs, StepResult } from "./types";
import { step } from "./step";
import { enter, callTool } from "./enter";
import { finish } from "./failure";
import { enterFanout, isFanout } from "./children";

export interface RecordedEvent {
  event: RunEvent;
  /** When it was applied (ms since epoch): the replay's clock. */
  at: number;
}

/** Which visit of which step (the n-th time the run entered it, from 1). */
export interface StepVisit {
  stateId: string;
  visit: number;
}

export interface DataAtStep {
  input: unknown;
  vars: Record<string, unknown>;
  /** The steps passed before this one. */
  path: string[];
  compensations: CompensationEntry[];
}

/** Position of the visit-th occurrence of stateId in path, or -1. */
export function visitIndex(path: readonly string[], at: StepVisit): number {
  let seen = 0;
  for (let i = 0; i < path.length; i++) {
    if (path[i] === at.stateId && ++seen === at.visit) return i;
  }
  return -1;
}

/** The recorded event, re-addressed to what the replayed run has pending at its turn. */
function readdress(event: RunEvent, run: RunState): RunEvent {
  const pending = run.pending;
  switch (event.type) {
    case "call_succeeded":
    case "call_failed":
    case "call_task_created":
    case "call_outcome_unknown":
    case "breaker_open":
      return { ...event, callId: undefined };
    case "timer_fired":
      if (pending?.type === "timer") return { ...event, timerId: pending.timerId };
      // An event wait's time limit, a shared value operation's re-issue.
      if ((pending?.type === "event" || pending?.type === "shared" || pending?.type === "model") && pending.timerId)
        return { ...event, timerId: pending.timerId };
      return event;
    case "human_resolved":
    case "human_timed_out":
      return pending?.type === "human" ? { ...event, escalationId: pending.escalationId } : event;
    case "event_received":
      return pending?.type === "event" ? { ...event, waitId: pending.waitId } : event;
    case "lock_granted":
      return pending?.type === "lock" ? { ...event, lockId: pending.lockId } : event;
    case "shared_done":
      return pending?.type === "shared" ? { ...event, opId: pending.opId } : event;
    case "model_done":
      return pending?.type === "model" ? { ...event, callKey: pending.callKey } : event;
    default:
      return event;
  }
}

/**
 * The run's data when it entered `at`, by replaying its events from `initial` (a fresh state, or a re-run's seed);
 * null when the run never got there.
 */
export async function dataAt(
  def: WorkflowDefinition,
  initial: RunState,
  events: readonly RecordedEvent[],
  at: StepVisit,
): Promise<DataAtStep | null> {
  let run = initial;
  let ids = 0;
  for (const recorded of events) {
    const inputs: StepInputs = { now: recorded.at, newId: (prefix) => `${prefix}_replay${++ids}`, random: () => 0 };
    const result = await step(def, run, readdress(recorded.event, run), inputs);
    if (result.ignored) continue;
    run = result.state;
    const index = visitIndex(run.path, at);
    if (index !== -1) {
      const path = run.path.slice(0, index);
      const counts = visitCounts(path);
      return {
        input: run.input,
        vars: run.vars,
        path,
        compensations: run.compensations.filter((c) => c.visit <= (counts[c.stateId] ?? 0)),
      };
    }
  }
  return null;
}

function visitCounts(path: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of path) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

/**
 * The new run's initial state: the parent's data at the step, queued to start there (`into`: the step is a parallel
 * or map step, re-entered to re-run one of its branches or items from an inner step).
 */
export function rerunState(
  runId: string,
  data: DataAtStep,
  stateId: string,
  args?: Record<string, unknown>,
  into?: FanoutRerun,
): RunState {
  return {
    runId,
    status: "queued",
    current: null,
    visits: visitCounts(data.path),
    attempt: 0,
    input: data.input,
    vars: data.vars,
    compensations: data.compensations,
    rollback: null,
    pending: null,
    output: null,
    error: null,
    failure: null,
    path: data.path,
    resume: { stateId, ...(args ? { args } : {}), ...(into ? { into } : {}) },
  };
}

/**
 * A branch or item taken over from the run re-run: its data, path and output as they were (its undo entries still
 * name the run that did the steps), queued to end at once, succeeded, when started.
 */
export function reusedChild(runId: string, parent: ChildLink, before: RunState, beforeId: string): RunState {
  const last = before.path.at(-1) ?? "";
  const compensations = before.compensations.map((c) => ({ ...c, runId: c.runId ?? beforeId }));
  const data: DataAtStep = { input: before.input, vars: before.vars, path: before.path, compensations };
  return { ...rerunState(runId, data, last), parent, output: before.output, resume: { stateId: last, reused: true } };
}

/** The start of a re-run: arrive at the step (calling its tool with the given arguments, if any). */
export async function resume(
  def: WorkflowDefinition,
  run: RunState,
  at: NonNullable<RunState["resume"]>,
  inputs: StepInputs,
): Promise<StepResult> {
  const started: RunState = { ...run, resume: null };
  if (at.reused) return finish({ ...started, current: at.stateId }, "succeeded", null);
  const state = def.states[at.stateId];
  const into = at.into && (state?.type === "parallel" || state?.type === "map") ? at.into : undefined;
  if (!into && (!at.args || state?.type !== "tool")) return enter(def, started, at.stateId, inputs);
  const visit = (started.visits[at.stateId] ?? 0) + 1;
  const arrived: RunState = {
    ...started,
    status: "running",
    current: at.stateId,
    visits: { ...started.visits, [at.stateId]: visit },
    attempt: 1,
    path: [...started.path, at.stateId],
  };
  if (into && isFanout(state)) return enterFanout(def, arrived, at.stateId, state, inputs, into);
  return callTool(def, arrived, at.stateId, state as Extract<typeof state, { type: "tool" }>, inputs, at.args);
}
