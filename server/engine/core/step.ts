/**
 * The executor as a pure function: (definition, run state, event, time and
 * ids) -> (next run state, commands). No I/O, no clock, no random inside: the
 * runtime persists the result in one transaction, then carries out the commands.
 * An event that does not fit the run (stale, duplicate) changes nothing.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunEvent, RunState, StepError, StepInputs, StepResult, PendingCall, PendingHuman, PendingTimer } from "./types";
import { callId, FINAL_STATUSES } from "./types";
import { assign, bindings } from "./data";
import { callTool, completeTool, enter } from "./enter";
import { escalate, failStep, finish, stepName, unsettle } from "./failure";
import { eventReceived, eventTimedOut } from "./events";
import { lockGranted } from "./locks";
import { reissueShared, sharedDone } from "./shared";
import { compensationFailed, compensationSucceeded, nextCompensation } from "./rollback";
import { resume } from "./rerun";
import { agentApprovalResolved, agentCallDone, modelDone, reissueModel, retryAgentCall, skipAgentCall } from "./agent";
import { childFinished, completeFanout, enterFanout, isFanout, recheckChildren, scopedDefinition } from "./children";
import { childrenCollected } from "./children-map";
import { afterCancelling, cancel } from "./cancel";

export function initialState(runId: string, input: unknown): RunState {
  return {
    runId,
    status: "queued",
    current: null,
    visits: {},
    attempt: 0,
    input,
    vars: {},
    compensations: [],
    rollback: null,
    pending: null,
    output: null,
    error: null,
    failure: null,
    path: [],
  };
}

const ignore = (run: RunState, why: string): StepResult => ({ state: run, commands: [], ignored: why });

export async function step(top: WorkflowDefinition, run: RunState, event: RunEvent, inputs: StepInputs): Promise<StepResult> {
  if (FINAL_STATUSES.includes(run.status)) return ignore(run, `the run is already ${run.status}`);
  // A parallel branch or map item runs the steps of its branch or item body.
  const def = run.parent ? scopedDefinition(top, run.parent.scope) : top;
  if (!def) return finish(run, "failed", { code: "unknown_state", message: "The branch or item body is not in the workflow" });
  const result = await dispatch(def, run, event, inputs);
  return run.cancelling ? afterCancelling(def, run, result, inputs) : result;
}

async function dispatch(def: WorkflowDefinition, run: RunState, event: RunEvent, inputs: StepInputs): Promise<StepResult> {
  switch (event.type) {
    case "start":
      if (run.resume) return resume(def, run, run.resume, inputs);
      if (run.path.length > 0) return ignore(run, "the run has already started");
      return enter(def, { ...run, input: event.input }, def.startAt, inputs);
    case "call_succeeded":
      return onCall(run, event.callId, (call) =>
        call.purpose === "compensation"
          ? compensationSucceeded(def, run, inputs)
          : call.purpose === "agent"
            ? agentCallDone(def, run, { ok: true, result: event.result }, inputs)
            : completeTool(def, run, event.result, inputs),
      );
    case "call_failed":
      return onCall(run, event.callId, (call) =>
        call.purpose === "compensation"
          ? compensationFailed(def, run, event.error, inputs)
          : call.purpose === "agent"
            ? agentCallDone(def, run, { ok: false, error: event.error }, inputs)
            : failStep(def, run, event.error, inputs),
      );
    case "call_task_created":
      return onCall(run, event.callId, (call) =>
        call.task
          ? ignore(run, "the call already has a task")
          : { state: { ...run, pending: { ...call, task: event.task } }, commands: [] },
      );
    case "call_outcome_unknown":
      return onCall(run, event.callId, () =>
        escalate(
          def,
          {
            ...unsettle(run, run.pending as PendingCall, null),
            pending: null,
            error: unknownOutcome(def, run.pending as PendingCall, event.sentAt),
          },
          "outcome_unknown",
          inputs,
          { call: run.pending, sentAt: event.sentAt ?? null },
        ),
      );
    case "breaker_open":
      return onCall(run, event.callId, (call) => breakerOpen(def, run, call, event.retryAt, event.cached, inputs));
    case "timer_fired":
      return onTimer(def, run, event.timerId, (timer) => timerFired(def, run, timer, inputs), inputs);
    case "human_resolved":
      return onHuman(run, event.escalationId, (human) =>
        resolveHuman(def, run, human, event.optionId, event.data, event.by, inputs),
      );
    case "human_timed_out":
      return onHuman(run, event.escalationId, (human) => humanTimedOut(def, run, human, inputs));
    case "retry_step":
      return onSystemEscalation(run, (human) => retryStep(def, run, human, event.args, inputs));
    case "skip_step":
      return onSystemEscalation(run, (human) => skipStep(def, run, human, event.result, inputs));
    case "cancel":
      return cancel(def, run, event, inputs);
    case "event_received":
      return run.pending?.type === "event" && run.pending.waitId === event.waitId
        ? eventReceived(def, run, run.pending, event.event, inputs)
        : ignore(run, "the run is not waiting for this event");
    case "lock_granted":
      return run.pending?.type === "lock" && run.pending.lockId === event.lockId
        ? lockGranted(def, run, run.pending, inputs)
        : ignore(run, "the run is not waiting for this lock");
    case "shared_done":
      return run.pending?.type === "shared" && run.pending.opId === event.opId
        ? sharedDone(def, run, run.pending, event, inputs)
        : ignore(run, "no such shared value operation is pending");
    case "model_done":
      return run.pending?.type === "model" && run.pending.callKey === event.callKey
        ? modelDone(def, run, run.pending, event, inputs)
        : ignore(run, "no such model call is pending");
    case "child_finished":
      return run.pending?.type === "children"
        ? childFinished(def, run, run.pending, event, inputs)
        : ignore(run, "no branch or item is running");
    case "children_collected":
      return run.pending?.type === "children"
        ? childrenCollected(def, run, run.pending, event, inputs)
        : ignore(run, "no map step waits for its results");
  }
}

function onCall(
  run: RunState,
  id: string | undefined,
  f: (call: PendingCall) => Promise<StepResult> | StepResult,
): Promise<StepResult> | StepResult {
  if (run.pending?.type !== "call") return ignore(run, "no call is pending");
  if (id !== undefined && id !== callId(run.pending)) return ignore(run, "the answer is for another call than the pending one");
  return f(run.pending);
}

function onTimer(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  f: (t: PendingTimer) => Promise<StepResult> | StepResult,
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  if (run.pending?.type === "event" && run.pending.timerId === id) return eventTimedOut(def, run, run.pending, inputs);
  if (run.pending?.type === "shared" && run.pending.timerId === id) return reissueShared(run, run.pending, inputs);
  if (run.pending?.type === "model" && run.pending.timerId === id) return reissueModel(def, run, run.pending, inputs);
  if (run.pending?.type === "children" && run.pending.timerId === id) return recheckChildren(def, run, run.pending, inputs);
  return run.pending?.type === "timer" && run.pending.timerId === id ? f(run.pending) : ignore(run, "no such timer is pending");
}

function onHuman(
  run: RunState,
  id: string,
  f: (h: PendingHuman) => Promise<StepResult> | StepResult,
): Promise<StepResult> | StepResult {
  return run.pending?.type === "human" && run.pending.escalationId === id
    ? f(run.pending)
    : ignore(run, "this escalation is not open");
}

function onSystemEscalation(
  run: RunState,
  f: (h: PendingHuman) => Promise<StepResult> | StepResult,
): Promise<StepResult> | StepResult {
  return run.pending?.type === "human" && run.pending.reason !== "human_step"
    ? f(run.pending)
    : ignore(run, "no failed step awaits a decision");
}

function breakerOpen(
  def: WorkflowDefinition,
  run: RunState,
  call: PendingCall,
  retryAt: number,
  cached: { result: unknown; savedAt?: number | undefined } | undefined,
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  const state = def.states[call.stateId];
  const policy = call.purpose === "step" && state?.type === "tool" ? state.breaker : undefined;
  const whenOpen = policy?.whenOpen ?? "wait";
  if (whenOpen === "use_cached" && cached && isFresh(cached.savedAt, policy?.maxCacheAgeSeconds, inputs.now))
    return completeTool(def, run, cached.result, inputs);
  if (whenOpen === "escalate") {
    const error = { kind: "breaker_open" as const, message: `The circuit breaker of "${call.server}" is open`, retryable: true };
    return escalate(def, { ...run, error, pending: null }, "breaker_open", inputs, { server: call.server, retryAt });
  }
  const timer = {
    type: "timer" as const,
    timerId: inputs.newId("tmr"),
    stateId: call.stateId,
    reason: "breaker" as const,
    wakeAt: retryAt,
  };
  return { state: { ...run, status: "waiting", pending: timer }, commands: [{ type: "schedule_timer", timer }] };
}

/** What a person is told about a call whose outcome is unknown: what is known, what is not, and what to do. */
function unknownOutcome(def: WorkflowDefinition, call: PendingCall, sentAt: number | null | undefined): StepError {
  const sent =
    typeof sentAt === "number"
      ? `Its request was handed to "${call.server}" at ${new Date(sentAt).toISOString()}, and the worker stopped before an answer was recorded.`
      : `The worker stopped while the call to "${call.server}" was in flight, before an answer was recorded.`;
  const message = [
    `Known: ${sent}`,
    `Not known: whether "${call.server}" carried out "${stepName(def, call.stateId)}" (${call.tool}; the tool is not marked idempotent and the server is not set to honour idempotency keys, so it was not sent again by itself).`,
    `Check on the server for the idempotency key ${call.idempotencyKey}: if it happened, skip this step with its result; if not, retry (the retry sends the same key).`,
  ].join("\n");
  return { kind: "outcome_unknown", message, retryable: false };
}

/** A cached result fits the step's freshness limit (no limit: any age). */
export function isFresh(savedAt: number | undefined, maxAgeSeconds: number | undefined, now: number): boolean {
  if (maxAgeSeconds === undefined) return true;
  return savedAt !== undefined && now - savedAt <= maxAgeSeconds * 1000;
}

async function timerFired(def: WorkflowDefinition, run: RunState, timer: PendingTimer, inputs: StepInputs): Promise<StepResult> {
  if (run.rollback) return nextCompensation(def, { ...run, pending: null }, inputs);
  const state = def.states[timer.stateId];
  if (!state) return finish(run, "failed", { code: "unknown_state", message: `The workflow has no step "${timer.stateId}"` });
  if (timer.reason === "wait") return enter(def, { ...run, pending: null }, (state as { next: string }).next, inputs);
  if (isFanout(state)) return enterFanout(def, { ...run, attempt: run.attempt + 1, pending: null }, timer.stateId, state, inputs);
  if (state.type !== "tool") return ignore(run, "the timer's step is not a tool step");
  const attempt = timer.reason === "retry" ? run.attempt + 1 : run.attempt;
  return callTool(def, { ...run, attempt, pending: null }, timer.stateId, state, inputs);
}

async function resolveHuman(
  def: WorkflowDefinition,
  run: RunState,
  human: PendingHuman,
  optionId: string,
  data: unknown,
  by: string,
  inputs: StepInputs,
): Promise<StepResult> {
  if (human.reason === "agent_approval") return agentApprovalResolved(def, run, human, optionId, data, by, inputs);
  const state = def.states[human.stateId];
  if (human.reason !== "human_step" || state?.type !== "human")
    return ignore(run, "use retry, skip or cancel for this escalation");
  const option = state.options.find((o) => o.id === optionId);
  if (!option) return ignore(run, `"${optionId}" is not an option of "${human.stateId}"`);
  const decision = { option: option.id, label: option.label, data: data ?? null, by };
  const withDecision: RunState = { ...run, pending: null, vars: { ...run.vars, decision } };
  const assigned = await assign(withDecision, state.assign, bindings(withDecision), `Saving the decision of "${human.stateId}"`);
  if (!assigned.ok) return failStep(def, withDecision, assigned.error, inputs);
  return enter(def, assigned.value, option.next, inputs);
}

async function humanTimedOut(
  def: WorkflowDefinition,
  run: RunState,
  human: PendingHuman,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[human.stateId];
  if (state?.type !== "human" || !state.onTimeout) return ignore(run, "the step has no timeout route; the escalation stays open");
  const decision = { option: null, label: "Timed out", data: null, by: "sla" };
  return enter(def, { ...run, pending: null, vars: { ...run.vars, decision } }, state.onTimeout, inputs);
}

function retryStep(
  def: WorkflowDefinition,
  run: RunState,
  human: PendingHuman,
  args: Record<string, unknown> | undefined,
  inputs: StepInputs,
) {
  if (run.rollback) return nextCompensation(def, { ...run, pending: null, rollback: { ...run.rollback, attempt: 1 } }, inputs);
  const state = def.states[human.stateId];
  if (state?.type === "agent") return retryAgentCall(def, run, inputs);
  if (isFanout(state)) {
    const again = { ...run, attempt: run.attempt + 1, attemptBase: run.attempt, pending: null, error: null };
    return enterFanout(def, again, human.stateId, state, inputs);
  }
  if (state?.type !== "tool") return ignore(run, "only a tool step can be retried");
  // The next attempt gets its own number (and record): the failed ones stay as they happened, with what they sent.
  const next = { ...run, attempt: run.attempt + 1, attemptBase: run.attempt, pending: null, error: null };
  return callTool(def, next, human.stateId, state, inputs, args);
}

function skipStep(def: WorkflowDefinition, run: RunState, human: PendingHuman, result: unknown, inputs: StepInputs) {
  if (run.rollback) return compensationSucceeded(def, { ...run, pending: null }, inputs);
  if (def.states[human.stateId]?.type === "agent") return skipAgentCall(def, run, result, inputs);
  const kind = def.states[human.stateId]?.type;
  if (kind === "parallel" || kind === "map" || kind === "subWorkflow")
    return completeFanout(def, { ...run, pending: null, error: null }, human.stateId, result, inputs);
  if (def.states[human.stateId]?.type !== "tool") return ignore(run, "only a tool step can be skipped with a result");
  return completeTool(def, { ...run, pending: null, error: null, current: human.stateId }, result, inputs);
}
