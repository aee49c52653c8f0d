/**
 * Parallel and map steps: their branches and items run as child runs (docs/parallel-map.md). The parent parks on
 * `pending: children` holding only bookkeeping (branch statuses; a map's counters and indices in flight); the runtime
 * creates, cancels and reads the children.
 */
import { ERROR_KINDS, type ErrorKind } from "@/lib/workflow/errors";
import type { MapState, ParallelState, State, WorkflowDefinition } from "@/lib/workflow/schema";
import { assign, bindings } from "./data";
import type { ChildFinished, ChildLink, ChildStart, PendingChildren } from "./children-types";
import type { Command, RunState, StepError, StepInputs, StepResult } from "./types";
import { enter } from "./enter";
import { failStep, finish } from "./failure";
import { ignore, mapFinished, nextItems, startMap } from "./children-map";

/**
 * How soon a parent checks its children again (covers a crash between a commit and the runtime's follow-up); each
 * check without news doubles the delay, up to a minute, so a parent waiting on slow items does not write every 10 s.
 */
export const RECHECK_MS = 10_000;
export const MAX_RECHECK_MS = 60_000;

type Fanout = Extract<State, { type: "parallel" | "map" }>;

/** The definition a child run executes: the steps of its branch or item body (null when the scope does not exist). */
export function scopedDefinition(def: WorkflowDefinition, scope: readonly string[]): WorkflowDefinition | null {
  let d = def;
  for (let i = 0; i + 1 < scope.length; i += 2) {
    const state = d.states[scope[i]!];
    const key = scope[i + 1]!;
    const machine =
      state?.type === "parallel" ? (Object.hasOwn(state.branches, key) ? state.branches[key] : undefined) : undefined;
    const body = state?.type === "map" && key === "itemBody" ? state.itemBody : machine;
    if (!body) return null;
    d = { ...d, startAt: body.startAt, states: body.states as WorkflowDefinition["states"] };
  }
  return d;
}

export function childPrefix(run: RunState, stateId: string): string {
  return `${run.runId}.${stateId}.${run.visits[stateId] ?? 1}.${run.attempt}`;
}

export function childLink(run: RunState, stateId: string, key: string, machine: string): ChildLink {
  return { runId: run.runId, stateId, key, scope: [...(run.parent?.scope ?? []), stateId, machine] };
}

export function recheck(inputs: StepInputs, checks = 0) {
  const delay = Math.min(MAX_RECHECK_MS, RECHECK_MS * 2 ** checks);
  return { timerId: inputs.newId("tmr"), wakeAt: inputs.now + delay, checks };
}

/** Enters a parallel or map step (again, on a retry: the attempt is part of the children's ids). */
export function enterFanout(def: WorkflowDefinition, run: RunState, id: string, state: Fanout, inputs: StepInputs) {
  return state.type === "parallel" ? enterParallel(run, id, state, inputs) : startMap(def, run, id, state, inputs);
}

function enterParallel(run: RunState, id: string, state: ParallelState, inputs: StepInputs): StepResult {
  const prefix = childPrefix(run, id);
  const names = Object.keys(state.branches);
  const children: ChildStart[] = names.map((name) => ({
    runId: `${prefix}.${name}`,
    input: run.input,
    vars: run.vars,
    parent: childLink(run, id, name, name),
  }));
  const branches = Object.fromEntries(names.map((n) => [n, { status: "running" as const }]));
  const pending: PendingChildren = { type: "children", stateId: id, prefix, ...recheck(inputs), branches };
  return { state: { ...run, status: "waiting", pending }, commands: [{ type: "start_children", children }] };
}

/** A child ended: record it, and go on when all are done (or fail the step). */
export async function childFinished(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  event: ChildFinished,
  inputs: StepInputs,
): Promise<StepResult> {
  if (!event.childId.startsWith(`${pending.prefix}.`)) return ignore(run, "the child belongs to another visit of the step");
  const key = event.childId.slice(pending.prefix.length + 1);
  const state = def.states[pending.stateId];
  if (state?.type === "map" && pending.map) return mapFinished(def, run, pending, state, Number(key), event, inputs);
  if (state?.type !== "parallel" || !pending.branches) return ignore(run, "the step has no branches");
  if (pending.branches[key]?.status !== "running") return ignore(run, `branch "${key}" is not running`);
  if (event.status !== "succeeded") {
    const others = Object.entries(pending.branches).filter(([n, b]) => n !== key && b.status === "running");
    const error = childError(`Branch "${key}"`, event);
    return failFanout(
      def,
      run,
      error,
      others.map(([n]) => `${pending.prefix}.${n}`),
      inputs,
    );
  }
  // The branch's completed steps join the run's stack: a later roll-back undoes them, newest first per branch.
  const undo = (event.compensations ?? []).map((c) => ({ ...c, runId: c.runId ?? event.childId }));
  const branches = { ...pending.branches, [key]: { status: "succeeded" as const, output: event.output } };
  const next: RunState = {
    ...run,
    compensations: [...run.compensations, ...undo],
    pending: { ...pending, branches, checks: 0 },
  };
  if (Object.values(branches).some((b) => b.status !== "succeeded")) return { state: next, commands: [] };
  const results = Object.fromEntries(Object.entries(branches).map(([n, b]) => [n, b.output ?? null]));
  return completeFanout(def, next, pending.stateId, results, inputs);
}

/** Every branch or item is done: assign from $results and go on. */
export async function completeFanout(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  results: unknown,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[id] as Fanout;
  const done: RunState = { ...run, pending: null, current: id };
  const assigned = await assign(done, state.assign, bindings(done, { results }), `Saving the results of "${id}"`);
  if (!assigned.ok) return failStep(def, done, assigned.error, inputs);
  return enter(def, assigned.value, state.next, inputs);
}

/** The step failed: cancel the children still running, then the step's retry / catch / person. */
export async function failFanout(
  def: WorkflowDefinition,
  run: RunState,
  error: StepError,
  running: string[],
  inputs: StepInputs,
): Promise<StepResult> {
  const result = await failStep(def, { ...run, pending: null }, error, inputs);
  const cancel: Command[] = running.length > 0 ? [{ type: "cancel_children", runIds: running } as const] : [];
  return { ...result, commands: [...cancel, ...result.commands] };
}

function childError(what: string, event: ChildFinished): StepError {
  const code = event.failure?.code ?? event.status;
  const kind: ErrorKind = (ERROR_KINDS as readonly string[]).includes(code) ? (code as ErrorKind) : "tool_error";
  const message = `${what} ${event.status === "cancelled" ? "was cancelled" : "failed"}: ${event.failure?.message ?? ""}`;
  return { kind, message: message.slice(0, 4000), retryable: true };
}

/** The children a pending parallel or map step still waits for (cancelled with the run). */
export function runningChildren(pending: PendingChildren): string[] {
  if (pending.branches)
    return Object.entries(pending.branches)
      .filter(([, b]) => b.status === "running")
      .map(([n]) => `${pending.prefix}.${n}`);
  return (pending.map?.running ?? []).map((i) => `${pending.prefix}.${i}`);
}

/** The re-check timer: ask again for the children still running (created if missing) or for the results. */
export async function recheckChildren(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  inputs: StepInputs,
): Promise<StepResult> {
  const next: PendingChildren = { ...pending, ...recheck(inputs, (pending.checks ?? 0) + 1) };
  const state = def.states[pending.stateId];
  const commands: Command[] = [];
  if (pending.collecting && pending.map)
    commands.push({ type: "collect_children", prefix: pending.prefix, total: pending.map.total });
  else if (state?.type === "parallel" && pending.branches) {
    const children = runningChildren(pending).map((runId) => {
      const name = runId.slice(pending.prefix.length + 1);
      return { runId, input: run.input, vars: run.vars, parent: childLink(run, pending.stateId, name, name) };
    });
    commands.push({ type: "start_children", children });
  } else if (state?.type === "map" && pending.map) {
    const again = await nextItems(run, pending.stateId, state, pending.map.running, pending.prefix);
    if (!again.ok) return failFanout(def, run, again.error, runningChildren(pending), inputs);
    commands.push({ type: "start_children", children: again.children });
  } else return finish(run, "failed", { code: "unknown_state", message: `"${pending.stateId}" is not a parallel or map step` });
  return { state: { ...run, pending: next }, commands };
}

export type { MapState };
