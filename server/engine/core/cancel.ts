/**
 * Cancelling a run. A branch or item run that its parent's failed step cancels while a call is in flight waits for
 * the call (docs/parallel-map.md): interrupting it would leave unknown whether the server did the work, and a retry
 * of the parent's step would do it again. When the call settles the run ends: succeeded if that completes it (the
 * retry takes its outcome), else cancelled. A retry of the parent's step starts the branch's new run only after this.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { callId, FINAL_STATUSES, type Command, type RunState, type StepInputs, type StepResult } from "./types";
import { finish } from "./failure";
import { startRollback } from "./rollback";
import { runningChildren } from "./children";

const ignore = (run: RunState, why: string): StepResult => ({ state: run, commands: [], ignored: why });

export async function cancel(
  def: WorkflowDefinition,
  run: RunState,
  event: { compensate: boolean; afterCall?: boolean | undefined },
  inputs: StepInputs,
): Promise<StepResult> {
  const { compensate } = event;
  if (event.afterCall && run.pending?.type === "call" && run.pending.purpose !== "compensation" && !run.rollback) {
    if (run.cancelling) return ignore(run, "the run is already being cancelled after its call");
    return { state: { ...run, cancelling: { compensate } }, commands: [] };
  }
  const cancelCall: Command[] =
    run.pending?.type === "call"
      ? [{ type: "cancel_call" as const, stateId: run.pending.stateId }]
      : run.pending?.type === "children"
        ? [{ type: "cancel_children" as const, runIds: runningChildren(run.pending) }]
        : [];
  const stopped: RunState = {
    ...run,
    pending: null,
    cancelling: undefined,
    failure: { code: "cancelled", message: "The run was cancelled" },
  };
  const result =
    compensate && stopped.compensations.length > 0
      ? await startRollback(def, stopped, null, "cancelled", inputs)
      : finish(stopped, "cancelled", stopped.failure);
  return { ...result, commands: [...cancelCall, ...result.commands] };
}

/**
 * A run being cancelled after its call: once the event has settled that call, the run ends. If the outcome ended the
 * run (it succeeded, failed or started rolling back) that stands; otherwise what the step would do next (its next
 * step, a retry, a person) is dropped and the run is cancelled, undoing its completed steps.
 */
export async function afterCancelling(
  def: WorkflowDefinition,
  before: RunState,
  result: StepResult,
  inputs: StepInputs,
): Promise<StepResult> {
  const how = before.cancelling;
  const call = before.pending;
  if (!how || result.ignored || call?.type !== "call") return result;
  const next = result.state;
  if (FINAL_STATUSES.includes(next.status) || next.rollback) return { ...result, state: { ...next, cancelling: undefined } };
  if (next.pending?.type === "call" && callId(next.pending) === callId(call)) return result; // Still in flight.
  return cancel(def, { ...next, pending: null }, { compensate: how.compensate }, inputs);
}
