/**
 * Shared values in the core: a `sharedValue` step asks the runtime to read or
 * compare-and-set a value and parks (status running) until `shared_done`. A
 * write based on a stale version fails the step with kind `conflict`, which its
 * catch routes handle. The operation has a durable re-issue timer: if nobody
 * answers (the engine died), the timer sends it again; a repeated write is
 * recognised by its id (runId:stateId:visit).
 */
import type { WorkflowDefinition, SharedValueState } from "@/lib/workflow/schema";
import { assign, bindings, evaluate } from "./data";
import { enter } from "./enter";
import { failStep } from "./failure";
import { keyText } from "./events";
import type { PendingShared, RunState, StepError, StepInputs, StepResult } from "./types";

/** How long the runtime has to answer before the operation is sent again. */
export const SHARED_REISSUE_MS = 10_000;

const bad = (message: string): { ok: false; error: StepError } => ({
  ok: false,
  error: { kind: "expression_error", message, retryable: false },
});

async function operation(
  run: RunState,
  id: string,
  state: SharedValueState,
  inputs: StepInputs,
): Promise<{ ok: true; op: PendingShared } | { ok: false; error: StepError }> {
  const b = bindings(run);
  const key = await evaluate(state.key, b, `The name of the shared value of "${id}"`);
  if (!key.ok) return key;
  const name = keyText(key.value);
  if (name === null) return bad(`The name of the shared value of "${id}" is empty`);
  let value: unknown = null;
  let expectedVersion = 0;
  if (state.action === "write") {
    const v = await evaluate(state.value ?? null, b, `The value written by "${id}"`);
    if (!v.ok) return v;
    value = v.value;
    const version = await evaluate(state.expectedVersion ?? 0, b, `The version "${id}" is based on`);
    if (!version.ok) return version;
    if (typeof version.value !== "number" || !Number.isInteger(version.value) || version.value < 0)
      return bad(`"${id}" must be based on a version (a whole number, 0 for a new value), got ${JSON.stringify(version.value)}`);
    expectedVersion = version.value;
  }
  const visit = run.visits[id] ?? 1;
  return {
    ok: true,
    op: {
      type: "shared",
      opId: `${run.runId}:${id}:${visit}`,
      stateId: id,
      action: state.action,
      key: name,
      value,
      expectedVersion,
      timerId: inputs.newId("tmr"),
      wakeAt: inputs.now + SHARED_REISSUE_MS,
    },
  };
}

export async function enterShared(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: SharedValueState,
  inputs: StepInputs,
): Promise<StepResult> {
  const made = await operation(run, id, state, inputs);
  if (!made.ok) return failStep(def, run, made.error, inputs);
  return { state: { ...run, status: "running", pending: made.op }, commands: [{ type: "shared_op", op: made.op }] };
}

/** Nobody answered in time: the same operation again, with a new timer. */
export function reissueShared(run: RunState, op: PendingShared, inputs: StepInputs): StepResult {
  const again: PendingShared = { ...op, timerId: inputs.newId("tmr"), wakeAt: inputs.now + SHARED_REISSUE_MS };
  return { state: { ...run, pending: again }, commands: [{ type: "shared_op", op: again }] };
}

export async function sharedDone(
  def: WorkflowDefinition,
  run: RunState,
  op: PendingShared,
  outcome: { value: unknown; version: number; conflict?: boolean | undefined },
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[op.stateId];
  if (state?.type !== "sharedValue") return { state: run, commands: [], ignored: `"${op.stateId}" is not a shared value step` };
  const shared = { key: op.key, value: outcome.value, version: outcome.version };
  if (outcome.conflict) {
    const error: StepError = {
      kind: "conflict",
      message: `${op.key} was changed by another run: it is at version ${outcome.version}, "${op.stateId}" was based on version ${op.expectedVersion}`,
      retryable: false,
    };
    return failStep(def, { ...run, pending: null, vars: { ...run.vars } }, error, inputs);
  }
  const done: RunState = { ...run, pending: null };
  const assigned = await assign(done, state.assign, bindings(done, { shared }), `Saving the shared value of "${op.stateId}"`);
  if (!assigned.ok) return failStep(def, done, assigned.error, inputs);
  return enter(def, assigned.value, state.next, inputs);
}
