/**
 * When a step fails: retry it (a durable timer for the backoff), route the
 * error to a catch target (after rolling back if the route says so), or hand
 * the run to a person. A failure is never swallowed.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { ANY_ERROR, AUTHORIZATION_NEEDED } from "@/lib/workflow/errors";
import { assign, bindings } from "./data";
import { backoffDelay, shouldRetry } from "./retry";
import type { EscalationReason, PendingCall, RunFailure, RunState, RunStatus, StepError, StepInputs, StepResult } from "./types";
import { enter } from "./enter";
import { startRollback } from "./rollback";

export function idempotencyKey(runId: string, stateId: string, visit: number): string {
  return `${runId}:${stateId}:${visit}`;
}

export function finish(run: RunState, status: RunStatus, failure: RunFailure | null): StepResult {
  return {
    state: { ...run, status, current: null, pending: null, rollback: null, failure },
    commands: [{ type: "run_finished", status }],
  };
}

export async function failStep(
  def: WorkflowDefinition,
  run: RunState,
  error: StepError,
  inputs: StepInputs,
): Promise<StepResult> {
  const id = run.current!;
  const state = def.states[id];
  const call = run.pending?.type === "call" ? run.pending : undefined;
  // A call that timed out may have happened: the step keeps its key until it completes (see callTool).
  const failed: RunState = { ...unsettle(run, call, error), error, pending: null };
  // The server needs an admin to authorize it again (OAuth refresh refused, revoked): not a failure of the step.
  // The run parks on an inbox item and resumes (retries the call) when the server is reconnected.
  if (error.kind === "auth_required" && error.message.startsWith(AUTHORIZATION_NEEDED)) {
    return escalate(def, failed, "authorization_needed", inputs, { error, attempts: run.attempt, call });
  }
  const policyAttempt = run.attempt - (run.attemptBase ?? 0); // A person's retry starts the policy afresh.
  const retryable =
    state?.type === "tool" || state?.type === "parallel" || state?.type === "map" || state?.type === "subWorkflow";
  if (retryable && shouldRetry(state.retry, error, policyAttempt)) {
    const delay = backoffDelay(state.retry!, policyAttempt, inputs.random);
    const timer = {
      type: "timer" as const,
      timerId: inputs.newId("tmr"),
      stateId: id,
      reason: "retry" as const,
      wakeAt: inputs.now + delay,
    };
    return { state: { ...failed, status: "retrying", pending: timer }, commands: [{ type: "schedule_timer", timer }] };
  }
  const route =
    retryable || state?.type === "sharedValue" || state?.type === "agent"
      ? state?.catch?.find((c) => c.errors.some((e) => e === ANY_ERROR || e === error.kind))
      : undefined;
  if (route) {
    const assigned = await assign(failed, route.assign, bindings(failed, { error }), `Saving the error of "${id}"`);
    if (!assigned.ok) return escalate(def, failed, "no_route", inputs, { error, assignError: assigned.error });
    // $error stays readable in the steps the route leads to (a fail step's message, a person's question...).
    const routed: RunState = { ...assigned.value, lastError: error };
    if (route.rollback) return startRollback(def, routed, route.next, "compensated", inputs);
    return enter(def, routed, route.next, inputs);
  }
  // A branch or item ends failed (its parallel or map step decides); it does not ask a person itself.
  if (run.parent && run.parent.kind !== "workflow")
    return finish(failed, "failed", { code: error.kind, message: error.message, retryable: error.retryable });
  const retried = retryable && state.retry !== undefined && policyAttempt > 1;
  // An agent's person sees its transcript and spend.
  const agent = run.agent ? { transcript: run.agent.messages, turns: run.agent.turns, spend: run.agent.spend } : undefined;
  return escalate(def, failed, retried ? "retries_exhausted" : "no_route", inputs, {
    error,
    attempts: run.attempt,
    call,
    agent,
  });
}

/** Remembers the key of a step call whose outcome is unknown (a timeout: the server may have done it). */
export function unsettle(run: RunState, call: PendingCall | undefined, error: StepError | null): RunState {
  if (call?.purpose !== "step") return run;
  if (error === null || error.kind === "timeout")
    return { ...run, unsettled: { ...run.unsettled, [call.stateId]: call.idempotencyKey } };
  // The server answered this key with an error: the operation is known not to have completed.
  if (run.unsettled?.[call.stateId] !== call.idempotencyKey) return run;
  const { [call.stateId]: _answered, ...rest } = run.unsettled;
  return { ...run, unsettled: rest };
}

/** Parks the run on a person: the inbox offers retry, skip (with a result) and abort. */
export function escalate(
  def: WorkflowDefinition,
  run: RunState,
  reason: EscalationReason,
  inputs: StepInputs,
  details: unknown,
): StepResult {
  const stateId = run.current ?? "";
  const escalationId = inputs.newId("esc");
  // People read the step's title (what the designer called it), not its id.
  const name = stepName(def, stateId);
  const titles: Record<EscalationReason, string> = {
    human_step: "A decision is needed",
    retries_exhausted: `"${name}" kept failing`,
    no_route: `"${name}" failed`,
    breaker_open: `The server for "${name}" is failing`,
    outcome_unknown: `Did "${name}" happen? The outcome is unknown`,
    compensation_failed: `Undoing "${name}" failed`,
    authorization_needed: `"${name}" waits for its server to be reconnected`,
    agent_approval: `"${name}" asks to run a tool`,
  };
  return {
    state: { ...run, status: "waiting", pending: { type: "human", escalationId, stateId, reason, dueAt: null } },
    commands: [
      {
        type: "open_escalation",
        escalation: {
          escalationId,
          stateId,
          reason,
          title: titles[reason],
          message: run.error?.message ?? "",
          context: {},
          options: [],
          assigneeGroup: null,
          dueAt: null,
          details,
        },
      },
    ],
  };
}

/** A step's title, or its id when it has none. */
export function stepName(def: WorkflowDefinition, stateId: string): string {
  const title = (def.states[stateId] as { title?: string } | undefined)?.title?.trim();
  return title ? title : stateId;
}
