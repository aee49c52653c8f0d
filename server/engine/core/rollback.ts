/**
 * Sagas: the compensations of completed steps run newest first, each a
 * durable, retried call. One that still fails goes to a person.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState, StepError, StepInputs, StepResult } from "./types";
import { enter, DEFAULT_TIMEOUT_MS } from "./enter";
import { escalate, finish } from "./failure";
import { backoffDelay } from "./retry";

/** Compensations are retried this way before a person is asked. */
export const COMPENSATION_RETRY = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  backoffRate: 2,
  maxDelayMs: 30_000,
  jitter: "full" as const,
};

export function startRollback(
  def: WorkflowDefinition,
  run: RunState,
  then: string | null,
  finalStatus: "compensated" | "cancelled",
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  return nextCompensation(def, { ...run, status: "compensating", rollback: { then, finalStatus, attempt: 1 } }, inputs);
}

/** Calls the newest remaining compensation, or ends the roll-back. */
export function nextCompensation(def: WorkflowDefinition, run: RunState, inputs: StepInputs): Promise<StepResult> | StepResult {
  const rollback = run.rollback!;
  const entry = run.compensations.at(-1);
  if (!entry) {
    const done: RunState = { ...run, rollback: null };
    if (rollback.then !== null) return enter(def, done, rollback.then, inputs);
    return finish(done, rollback.finalStatus, run.failure);
  }
  const call = {
    type: "call" as const,
    stateId: entry.stateId,
    visit: entry.visit,
    attempt: rollback.attempt,
    server: entry.server,
    tool: entry.tool,
    args: entry.args,
    idempotencyKey: `${entry.runId ?? run.runId}:undo:${entry.stateId}:${entry.visit}`,
    purpose: "compensation" as const,
  };
  return {
    state: { ...run, status: "compensating", pending: call },
    commands: [{ type: "call_tool", call, timeoutMs: DEFAULT_TIMEOUT_MS }],
  };
}

export function compensationSucceeded(
  def: WorkflowDefinition,
  run: RunState,
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  const rest = run.compensations.slice(0, -1);
  return nextCompensation(
    def,
    { ...run, compensations: rest, pending: null, rollback: { ...run.rollback!, attempt: 1 } },
    inputs,
  );
}

export function compensationFailed(def: WorkflowDefinition, run: RunState, error: StepError, inputs: StepInputs): StepResult {
  const rollback = run.rollback!;
  const entry = run.compensations.at(-1)!;
  if (rollback.attempt < COMPENSATION_RETRY.maxAttempts) {
    const delay = backoffDelay(COMPENSATION_RETRY, rollback.attempt, inputs.random);
    const timer = {
      type: "timer" as const,
      timerId: inputs.newId("tmr"),
      stateId: entry.stateId,
      reason: "retry" as const,
      wakeAt: inputs.now + delay,
    };
    return {
      state: { ...run, error, pending: timer, rollback: { ...rollback, attempt: rollback.attempt + 1 } },
      commands: [{ type: "schedule_timer", timer }],
    };
  }
  return escalate(def, { ...run, error, current: entry.stateId }, "compensation_failed", inputs, {
    error,
    compensation: entry,
    attempts: rollback.attempt,
  });
}
