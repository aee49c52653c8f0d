/**
 * Locks in the core: a `lock` step queues the run for a named lock and parks
 * it until `lock_granted`; an `unlock` step gives locks back. Deadlocks are
 * prevented by ordering: a run holding locks may only take a lock whose name
 * sorts after all of them (every run then takes locks in the same order, so no
 * two can wait for each other); breaking the order fails the step with kind
 * `deadlock`, which its catch routes or a person handle. The runtime releases
 * every lock of a run that ends (success, failure, cancel, roll-back).
 */
import type { WorkflowDefinition, LockState, UnlockState } from "@/lib/workflow/schema";
import { parseTemplate } from "@/lib/workflow/expressions";
import { bindings, evaluate } from "./data";
import { enter } from "./enter";
import { failStep } from "./failure";
import type { PendingLock, RunState, StepError, StepInputs, StepResult } from "./types";
import { keyText } from "./events";

async function lockName(
  run: RunState,
  id: string,
  key: string,
): Promise<{ ok: true; key: string } | { ok: false; error: StepError }> {
  const b = bindings(run);
  const template = parseTemplate(key);
  if (template.kind === "text") {
    for (const part of template.parts) {
      if ("text" in part) continue;
      const v = await evaluate(`{% ${part.source} %}`, b, `The lock name of "${id}"`);
      if (!v.ok) return v;
      if (keyText(v.value) === null)
        return {
          ok: false,
          error: {
            kind: "expression_error",
            message: `Part of the lock name of "${id}" is empty (${part.source})`,
            retryable: false,
          },
        };
    }
  }
  const v = await evaluate(key, b, `The lock name of "${id}"`);
  if (!v.ok) return v;
  const text = keyText(v.value);
  if (text === null)
    return { ok: false, error: { kind: "expression_error", message: `The lock name of "${id}" is empty`, retryable: false } };
  return { ok: true, key: text };
}

export async function enterLock(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: LockState,
  inputs: StepInputs,
  hops: number,
): Promise<StepResult> {
  const name = await lockName(run, id, state.key);
  if (!name.ok) return failStep(def, run, name.error, inputs);
  const held = run.locks ?? [];
  if (held.includes(name.key)) return enter(def, run, state.next, inputs, hops + 1);
  const last = held.reduce((a, b) => (b > a ? b : a), "");
  if (held.length > 0 && name.key < last) {
    const error: StepError = {
      kind: "deadlock",
      message: `"${id}" takes the lock ${name.key} while holding ${last}: locks must be taken in name order (${name.key} before ${last}) so that two runs can never wait for each other`,
      retryable: false,
    };
    return failStep(def, run, error, inputs);
  }
  const mode = state.mode ?? "exclusive";
  const lock: PendingLock = {
    type: "lock",
    lockId: inputs.newId("lck"),
    stateId: id,
    key: name.key,
    mode,
    limit: mode === "shared" ? (state.limit ?? 1) : 1,
  };
  return { state: { ...run, status: "waiting", pending: lock }, commands: [{ type: "acquire_lock", lock }] };
}

export async function enterUnlock(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: UnlockState,
  inputs: StepInputs,
  hops: number,
): Promise<StepResult> {
  const held = run.locks ?? [];
  let keys = held;
  if (state.key !== undefined) {
    const name = await lockName(run, id, state.key);
    if (!name.ok) return failStep(def, run, name.error, inputs);
    keys = held.filter((k) => k === name.key);
  }
  const after = await enter(def, { ...run, locks: held.filter((k) => !keys.includes(k)) }, state.next, inputs, hops + 1);
  return keys.length === 0 ? after : { ...after, commands: [{ type: "release_locks", keys }, ...after.commands] };
}

export function lockGranted(def: WorkflowDefinition, run: RunState, lock: PendingLock, inputs: StepInputs): Promise<StepResult> {
  const state = def.states[lock.stateId];
  const next = state?.type === "lock" ? state.next : null;
  const holding: RunState = { ...run, pending: null, locks: [...(run.locks ?? []), lock.key] };
  if (next === null) return Promise.resolve({ state: run, commands: [], ignored: `"${lock.stateId}" is not a lock step` });
  return enter(def, holding, next, inputs);
}
