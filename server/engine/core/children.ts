/**
 * Parallel and map steps: their branches and items run as child runs (docs/parallel-map.md). The parent parks on
 * `pending: children` holding only bookkeeping (branch statuses; a map's counters and indices in flight); the runtime
 * creates, cancels and reads the children.
 */
import { ERROR_KINDS, type ErrorKind } from "@/lib/workflow/errors";
import { childRunId, parseChildRunId } from "@/lib/runs/child-ids";
import type { MapState, ParallelState, State, WorkflowDefinition } from "@/lib/workflow/schema";
import { assign, bindings } from "./data";
import type { ChildFinished, ChildLink, ChildStart, FanoutRerun, PendingChildren } from "./children-types";
import type { Command, RunState, StepError, StepInputs, StepResult } from "./types";
import { enter } from "./enter";
import { failStep, finish } from "./failure";
import { ignore, mapFinished, nextItems, startMap } from "./children-map";
import { enterSubWorkflow, SUB_RUN_KEY, subWorkflowChild } from "./sub-workflow";
import { rerunChild } from "./children-rerun";

/**
 * How soon a parent checks its children again (covers a crash between a commit and the runtime's follow-up); each
 * check without news doubles the delay, up to a minute, so a parent waiting on slow items does not write every 10 s.
 */
export const RECHECK_MS = 10_000;
export const MAX_RECHECK_MS = 60_000;

type Fanout = Extract<State, { type: "parallel" | "map" | "subWorkflow" }>;

/** Steps whose work runs in child runs: parallel, map and sub-workflow steps. */
export function isFanout(state: State | undefined): state is Fanout {
  return state?.type === "parallel" || state?.type === "map" || state?.type === "subWorkflow";
}

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

/** The ids of a visit's children start with this; not the attempt: a retry keeps the children that succeeded. */
export function childPrefix(run: RunState, stateId: string): string {
  return visitPrefix(run.runId, stateId, run.visits[stateId] ?? 1);
}

/** The id prefix of the child runs of one visit of a parallel/map step of `runId`. */
export function visitPrefix(runId: string, stateId: string, visit: number): string {
  return `${runId}.${stateId}.${visit}`;
}

/** The progress a failed visit of this step kept for a retry (null: none, start every child). */
export function keptFor(run: RunState, stateId: string): PendingChildren | null {
  const kept = run.keptChildren;
  return kept?.stateId === stateId && kept.prefix === childPrefix(run, stateId) ? kept : null;
}

export function childLink(run: RunState, stateId: string, key: string, machine: string): ChildLink {
  const depth = run.parent?.depth; // A branch inside a sub-workflow's run counts its sub-workflow depth.
  return { runId: run.runId, stateId, key, scope: [...(run.parent?.scope ?? []), stateId, machine], ...(depth ? { depth } : {}) };
}

export function recheck(inputs: StepInputs, checks = 0) {
  const delay = Math.min(MAX_RECHECK_MS, RECHECK_MS * 2 ** checks);
  return { timerId: inputs.newId("tmr"), wakeAt: inputs.now + delay, checks };
}

/**
 * Enters a parallel or map step. Again on a retry of the step: the children that succeeded keep their output (and
 * are not run again); the others start again under new ids (`~attempt`). `rerun`: a re-run from a step inside one of
 * its branches or items (rerun.ts), kept in the pending for every start of a child (re-checks and retries included).
 */
export function enterFanout(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: Fanout,
  inputs: StepInputs,
  rerun?: FanoutRerun,
) {
  const kept = keptFor(run, id);
  const fresh: RunState = { ...run, keptChildren: undefined };
  const into = rerun ?? kept?.rerun;
  if (state.type === "parallel") return enterParallel(def, fresh, id, state, kept, inputs, into);
  if (state.type === "subWorkflow") return enterSubWorkflow(def, fresh, id, state, kept, inputs);
  return startMap(def, fresh, id, state, kept, inputs, into);
}

function enterParallel(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: ParallelState,
  kept: PendingChildren | null,
  inputs: StepInputs,
  rerun: FanoutRerun | undefined,
): Promise<StepResult> | StepResult {
  const prefix = childPrefix(run, id);
  const where = { stateId: id, prefix, ...(rerun ? { rerun } : {}) };
  const branches: NonNullable<PendingChildren["branches"]> = {};
  const children: ChildStart[] = [];
  for (const name of Object.keys(state.branches)) {
    const before = kept?.branches?.[name];
    if (before?.status === "succeeded") {
      branches[name] = before;
      continue;
    }
    const attempt = before ? run.attempt : 1;
    const previous = previousOf(before);
    branches[name] = { status: "running", ...(attempt > 1 ? { attempt } : {}), ...(previous ? { previous } : {}) };
    children.push(branchChild(run, where, name, branches[name]));
  }
  if (children.length === 0) return completeFanout(def, run, id, branchResults(branches), inputs);
  const pending: PendingChildren = { type: "children", ...where, ...recheck(inputs), branches };
  return { state: { ...run, status: "waiting", pending }, commands: [{ type: "start_children", children }] };
}

type Branch = NonNullable<PendingChildren["branches"]>[string];

/**
 * The run a retry's branch or item waits for before its new run starts: the one the step's failure cancelled (a call
 * in flight may still finish it), or the one it was still waiting for itself when the step failed again.
 */
export function previousOf(before: Pick<Branch, "status" | "attempt" | "previous"> | undefined): number | undefined {
  if (before?.status !== "cancelled") return undefined;
  return before.previous ?? before.attempt ?? 1;
}

/** A parallel branch's run to start (with the run it waits for, if any). */
function branchChild(
  run: RunState,
  pending: Pick<PendingChildren, "stateId" | "prefix" | "rerun">,
  name: string,
  b: Branch,
): ChildStart {
  return {
    runId: childRunId(pending.prefix, name, b.attempt),
    ...rerunChild(pending.rerun, name),
    ...(b.previous !== undefined ? { previous: childRunId(pending.prefix, name, b.previous) } : {}),
    input: run.input,
    vars: run.vars,
    parent: childLink(run, pending.stateId, name, name),
  };
}

function withoutPrevious<T extends { previous?: unknown }>(b: T): Omit<T, "previous"> {
  const copy = { ...b };
  delete copy.previous;
  return copy;
}

function branchResults(branches: NonNullable<PendingChildren["branches"]>) {
  return Object.fromEntries(Object.entries(branches).map(([n, b]) => [n, b.output ?? null]));
}

/** A child ended: record it, and go on when all are done (or fail the step). */
export async function childFinished(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  event: ChildFinished,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[pending.stateId];
  const isBranch = (k: string) =>
    state?.type === "parallel" ? Object.hasOwn(state.branches, k) : state?.type === "subWorkflow" && k === SUB_RUN_KEY;
  const child = parseChildRunId(pending.prefix, event.childId, isBranch);
  if (!child) return ignore(run, "the child belongs to another visit of the step");
  const { key, attempt } = child;
  if (state?.type === "map" && pending.map)
    return mapFinished(def, run, pending, state, { index: Number(key), attempt }, event, inputs);
  if ((state?.type !== "parallel" && state?.type !== "subWorkflow") || !pending.branches)
    return ignore(run, "the step has no branches");
  const current = pending.branches[key];
  // The run a retry's branch waited for (cancelled by the step's failure) is final: its success is taken, else the
  // branch's new run starts now.
  const fromPrevious = current?.status === "running" && current.previous === attempt && (current.attempt ?? 1) !== attempt;
  if (fromPrevious && event.status !== "succeeded") return startAfterPrevious(def, run, pending, key, inputs);
  if (!fromPrevious && (current?.status !== "running" || (current.attempt ?? 1) !== attempt))
    return ignore(run, `branch "${key}" is not running`);
  if (!current) return ignore(run, `branch "${key}" is not running`);
  if (event.status !== "succeeded") {
    const others = Object.entries(pending.branches).filter(([n, b]) => n !== key && b.status === "running");
    const error = childError(state.type === "subWorkflow" ? `The run of "${state.workflowId}"` : `Branch "${key}"`, event);
    // Kept for a retry of the step: the branches that succeeded are not run again.
    const branches = Object.fromEntries(
      Object.entries(pending.branches).map(([n, b]) => [
        n,
        n === key ? { ...b, status: "failed" as const } : b.status === "running" ? { ...b, status: "cancelled" as const } : b,
      ]),
    );
    return failFanout(
      def,
      { ...run, keptChildren: { ...pending, branches } },
      error,
      others.map(([n, b]) => childRunId(pending.prefix, n, b.previous ?? b.attempt)),
      inputs,
    );
  }
  // The branch's completed steps join the run's stack: a later roll-back undoes them, newest first per branch. A
  // sub-workflow's run is a workflow of its own: its roll-back is its own (its steps are not this definition's).
  const undo =
    state.type === "parallel" ? (event.compensations ?? []).map((c) => ({ ...c, runId: c.runId ?? event.childId })) : [];
  const branches = {
    ...pending.branches,
    [key]: { ...withoutPrevious(current), status: "succeeded" as const, output: event.output },
  };
  const next: RunState = {
    ...run,
    compensations: [...run.compensations, ...undo],
    pending: { ...pending, branches, checks: 0 },
  };
  if (Object.values(branches).some((b) => b.status !== "succeeded")) return { state: next, commands: [] };
  const results = state.type === "subWorkflow" ? (event.output ?? null) : branchResults(branches);
  return completeFanout(def, next, pending.stateId, results, inputs);
}

/** A retry's branch: the run it waited for ended without success, so its new run starts. */
async function startAfterPrevious(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  key: string,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[pending.stateId];
  const b = withoutPrevious(pending.branches![key]!);
  const next: PendingChildren = { ...pending, branches: { ...pending.branches, [key]: b }, checks: 0 };
  let child: ChildStart;
  if (state?.type === "subWorkflow") {
    const again = await subWorkflowChild(run, pending.stateId, state, pending.prefix, b.attempt);
    if (!again.ok) return failFanout(def, run, again.error, runningChildren(next), inputs);
    child = again.child;
  } else child = branchChild(run, pending, key, b);
  return { state: { ...run, pending: next }, commands: [{ type: "start_children", children: [child] }] };
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
  const done: RunState = { ...run, pending: null, current: id, keptChildren: undefined };
  const extra = state.type === "subWorkflow" ? { result: results } : { results };
  const assigned = await assign(done, state.assign, bindings(done, extra), `Saving the results of "${id}"`);
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
  // A retry may follow: a child's call in flight is awaited (the retry then knows whether it did the work).
  const cancel: Command[] = running.length > 0 ? [{ type: "cancel_children", runIds: running, afterCall: true } as const] : [];
  return { ...result, commands: [...cancel, ...result.commands] };
}

/** A child's failure as the step's error: its kind (tool_error if not a step error kind) and whether it is retryable. */
export function childError(what: string, event: ChildFinished): StepError {
  const code = event.failure?.code ?? event.status;
  const kind: ErrorKind = (ERROR_KINDS as readonly string[]).includes(code) ? (code as ErrorKind) : "tool_error";
  const message = `${what} ${event.status === "cancelled" ? "was cancelled" : "failed"}: ${event.failure?.message ?? ""}`;
  // A fail step's own error code (not a step error kind) is the child's decision: not retried unless the policy names it.
  const known = (ERROR_KINDS as readonly string[]).includes(code);
  const retryable = event.failure?.retryable ?? (known || event.status === "cancelled");
  return { kind, message: message.slice(0, 4000), retryable };
}

/**
 * The children a pending parallel or map step still waits for (cancelled with the run): for a branch or item that
 * waits for its previous run, that run (its new one is not started).
 */
export function runningChildren(pending: PendingChildren): string[] {
  if (pending.branches)
    return Object.entries(pending.branches)
      .filter(([, b]) => b.status === "running")
      .map(([n, b]) => childRunId(pending.prefix, n, b.previous ?? b.attempt));
  const attempts = pending.map?.attempts ?? {};
  const previous = pending.map?.previous ?? {};
  return (pending.map?.running ?? []).map((i) => childRunId(pending.prefix, String(i), previous[i] ?? attempts[i]));
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
    commands.push({ type: "collect_children", prefix: pending.prefix, total: pending.map.total, attempts: run.attempt });
  else if (state?.type === "subWorkflow" && pending.branches) {
    const b = pending.branches[SUB_RUN_KEY];
    if (b?.status === "running") {
      const previous = b.previous !== undefined ? childRunId(pending.prefix, SUB_RUN_KEY, b.previous) : undefined;
      const again = await subWorkflowChild(run, pending.stateId, state, pending.prefix, b.attempt, previous);
      if (!again.ok) return failFanout(def, run, again.error, runningChildren(pending), inputs);
      commands.push({ type: "start_children", children: [again.child] });
    }
  } else if (state?.type === "parallel" && pending.branches) {
    const children = Object.entries(pending.branches)
      .filter(([, b]) => b.status === "running")
      .map(([name, b]) => branchChild(run, pending, name, b));
    commands.push({ type: "start_children", children });
  } else if (state?.type === "map" && pending.map) {
    const again = await nextItems(run, pending.stateId, state, pending.map.running, pending, inputs);
    if (!again.ok) return failFanout(def, run, again.error, runningChildren(pending), inputs);
    commands.push({ type: "start_children", children: again.children });
  } else return finish(run, "failed", { code: "unknown_state", message: `"${pending.stateId}" is not a parallel or map step` });
  return { state: { ...run, pending: next }, commands };
}

export type { MapState };
