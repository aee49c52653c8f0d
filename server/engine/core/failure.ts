/**
 * When a step fails: retry it (a durable timer for the backoff), route the
 * error to a catch target (after rolling back if the route says so), or hand
 * the run to a person. A failure is never swallowed.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { ANY_ERROR } from "@/lib/workflow/errors";
import { assign, bindings } from "./data";
import { backoffDelay, shouldRetry } from "./retry";
import type { EscalationReason, RunFailure, RunState, RunStatus, StepError, StepInputs, StepResult } from "./types";
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
  const failed: RunState = { ...run, error, pending: null };
  const policyAttempt = run.attempt - (run.attemptBase ?? 0); // A person's retry starts the policy afresh.
  if (state?.type === "tool" && shouldRetry(state.retry, error, policyAttempt)) {
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
    state?.type === "tool" || state?.type === "sharedValue"
      ? state.catch?.find((c) => c.errors.some((e) => e === ANY_ERROR || e === error.kind))
      : undefined;
  if (route) {
    const assigned = await assign(failed, route.assign, bindings(failed, { error }), `Saving the error of "${id}"`);
    if (!assigned.ok) return escalate(failed, "no_route", inputs, { error, assignError: assigned.error });
    if (route.rollback) return startRollback(def, assigned.value, route.next, "compensated", inputs);
    return enter(def, assigned.value, route.next, inputs);
  }
  const retried = state?.type === "tool" && state.retry !== undefined && policyAttempt > 1;
  const call = run.pending?.type === "call" ? run.pending : undefined;
  return escalate(failed, retried ? "retries_exhausted" : "no_route", inputs, { error, attempts: run.attempt, call });
}

/** Parks the run on a person: the inbox offers retry, skip (with a result) and abort. */
export function escalate(run: RunState, reason: EscalationReason, inputs: StepInputs, details: unknown): StepResult {
  const stateId = run.current ?? "";
  const escalationId = inputs.newId("esc");
  const titles: Record<EscalationReason, string> = {
    human_step: "A decision is needed",
    retries_exhausted: `"${stateId}" kept failing`,
    no_route: `"${stateId}" failed`,
    breaker_open: `The server for "${stateId}" is failing`,
    outcome_unknown: `Did "${stateId}" happen? The outcome is unknown`,
    compensation_failed: `Undoing "${stateId}" failed`,
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
