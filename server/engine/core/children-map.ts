/**
 * Map steps: one child run per item of a list, a few at a time. The list is evaluated once per visit of the step
 * (StepInputs.memo; again only in another process or after a crash: the run's data does not change while it waits
 * here), so neither the run state nor its transitions hold it.
 */
import type { MapState, WorkflowDefinition } from "@/lib/workflow/schema";
import { childRunId } from "@/lib/runs/child-ids";
import { bindings, evaluate } from "./data";
import type { ChildFinished, ChildStart, FanoutRerun, MapProgress, PendingChildren } from "./children-types";
import type { RunState, StepError, StepInputs, StepResult } from "./types";
import { failStep } from "./failure";
import { childError, childLink, childPrefix, completeFanout, failFanout, recheck, runningChildren } from "./children";
import { rerunChild } from "./children-rerun";

export const DEFAULT_MAP_CONCURRENCY = 10;

export const ignore = (run: RunState, why: string): StepResult => ({ state: run, commands: [], ignored: why });

type ListResult = { ok: true; value: unknown[] } | { ok: false; error: StepError };

async function evaluateList(run: RunState, id: string, state: MapState): Promise<ListResult> {
  const list = await evaluate<unknown>(state.items, bindings(run), `The list of "${id}"`);
  if (!list.ok) return list;
  if (Array.isArray(list.value)) return { ok: true as const, value: list.value as unknown[] };
  const error: StepError = {
    kind: "expression_error",
    message: `The list of "${id}" must be a list, got ${JSON.stringify(list.value)?.slice(0, 200) ?? "nothing"}`,
    retryable: false,
  };
  return { ok: false as const, error };
}

/** The step's list, evaluated once per visit (the memo's key is the visit's child id prefix). */
function listOf(run: RunState, id: string, state: MapState, inputs: StepInputs): Promise<ListResult> {
  const compute = () => evaluateList(run, id, state);
  return inputs.memo ? inputs.memo(`map-items:${childPrefix(run, id)}`, compute) : compute();
}

/** The child runs of these item indices (their item, index and the step's item variables). */
export async function nextItems(
  run: RunState,
  id: string,
  state: MapState,
  indices: number[],
  pending: Pick<PendingChildren, "prefix" | "map" | "rerun">,
  inputs: StepInputs,
): Promise<{ ok: true; children: ChildStart[] } | { ok: false; error: StepError }> {
  if (indices.length === 0) return { ok: true, children: [] };
  const list = await listOf(run, id, state, inputs);
  if (!list.ok) return list;
  const children: ChildStart[] = [];
  const attempts = pending.map?.attempts ?? {};
  const previous = pending.map?.previous ?? {};
  for (const index of indices) {
    const item = list.value[index] ?? null;
    const b = bindings(run, { item, index });
    const extra = await evaluate<Record<string, unknown>>(state.itemVars ?? {}, b, `The item variables of "${id}"`);
    if (!extra.ok) return extra;
    const vars = { ...extra.value, item, index };
    const before = previous[index];
    children.push({
      runId: childRunId(pending.prefix, String(index), attempts[index]),
      ...rerunChild(pending.rerun, String(index)),
      ...(before !== undefined ? { previous: childRunId(pending.prefix, String(index), before) } : {}),
      input: item,
      vars,
      parent: childLink(run, id, String(index), "itemBody"),
    });
  }
  return { ok: true, children };
}

export async function startMap(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: MapState,
  kept: PendingChildren | null,
  inputs: StepInputs,
  rerun?: FanoutRerun,
): Promise<StepResult> {
  if (kept?.map) return retryMap(def, run, id, state, kept, inputs);
  const list = await listOf(run, id, state, inputs);
  if (!list.ok) return failStep(def, run, list.error, inputs);
  const total = list.value.length;
  if (total === 0) return completeFanout(def, run, id, [], inputs);
  const tolerated =
    state.toleratedFailureCount ??
    (state.toleratedFailurePercentage === undefined ? 0 : Math.floor((state.toleratedFailurePercentage * total) / 100));
  const map: MapProgress = {
    total,
    next: 0,
    running: [],
    succeeded: 0,
    failed: 0,
    tolerated,
    maxConcurrency: state.maxConcurrency ?? DEFAULT_MAP_CONCURRENCY,
  };
  const pending: PendingChildren = {
    type: "children",
    stateId: id,
    prefix: childPrefix(run, id),
    ...(rerun ? { rerun } : {}),
    ...recheck(inputs),
    map,
  };
  return fill(def, { ...run, status: "waiting", pending }, pending, state, inputs);
}

/**
 * A retry of the step: the items that succeeded stay done; those that failed, were cancelled or never started run
 * (again) under ids ending in `~attempt`. An item the failure cancelled starts again only once its cancelled run is
 * final (a call in flight is awaited); if that run succeeded after all, its outcome is taken.
 */
async function retryMap(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: MapState,
  kept: PendingChildren,
  inputs: StepInputs,
): Promise<StepResult> {
  const before = kept.map!;
  // The run each item waits for: the one cancelled, or the one it still waited for itself (its new one never started).
  const previous = Object.fromEntries(before.running.map((i) => [i, before.previous?.[i] ?? before.attempts?.[i] ?? 1] as const));
  const attempts = Object.fromEntries(before.running.map((i) => [i, run.attempt] as const));
  const map: MapProgress = {
    ...before,
    running: before.running,
    failed: 0,
    failedIndices: [],
    redo: [...(before.redo ?? []), ...(before.failedIndices ?? [])].sort((a, b) => a - b),
    attempts,
    ...(before.running.length > 0 ? { previous } : { previous: undefined }),
  };
  const pending: PendingChildren = { ...kept, ...recheck(inputs), map, collecting: undefined };
  const started = await nextItems(run, id, state, before.running, pending, inputs);
  if (!started.ok) return failStep(def, run, started.error, inputs);
  const waiting: RunState = { ...run, status: "waiting", pending };
  const filled = await fill(def, waiting, pending, state, inputs);
  const commands = [...(started.children.length > 0 ? [{ type: "start_children" as const, children: started.children }] : [])];
  return { ...filled, commands: [...commands, ...filled.commands] };
}

/** Starts items up to the concurrency limit: items to run again first, then new ones. */
async function fill(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  state: MapState,
  inputs: StepInputs,
): Promise<StepResult> {
  const map = pending.map!;
  let room = Math.max(0, map.maxConcurrency - map.running.length);
  const redo = map.redo ?? [];
  const again = redo.slice(0, room);
  room -= again.length;
  const fresh = Math.max(0, Math.min(room, map.total - map.next));
  const indices = [...again, ...Array.from({ length: fresh }, (_, i) => map.next + i)];
  if (indices.length === 0 && map.running.length === 0) return collect(run, pending);
  const attempts = { ...map.attempts, ...Object.fromEntries(again.map((i) => [i, run.attempt] as const)) };
  const next: MapProgress = {
    ...map,
    next: map.next + fresh,
    running: [...map.running, ...indices],
    ...(map.redo ? { redo: redo.slice(again.length) } : {}),
    ...(map.attempts || again.length > 0 ? { attempts } : {}),
  };
  const started = await nextItems(run, pending.stateId, state, indices, { ...pending, map: next }, inputs);
  if (!started.ok) return failFanout(def, { ...run, keptChildren: pending }, started.error, runningChildren(pending), inputs);
  const state2: RunState = { ...run, pending: { ...pending, map: next } };
  return { state: state2, commands: indices.length > 0 ? [{ type: "start_children", children: started.children }] : [] };
}

/** Every item is done: read their outputs once, in order. */
function collect(run: RunState, pending: PendingChildren): StepResult {
  const collecting: PendingChildren = { ...pending, collecting: true };
  return {
    state: { ...run, pending: collecting },
    commands: [{ type: "collect_children", prefix: pending.prefix, total: pending.map!.total, attempts: run.attempt }],
  };
}

export async function mapFinished(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  state: MapState,
  child: { index: number; attempt: number },
  event: ChildFinished,
  inputs: StepInputs,
): Promise<StepResult> {
  const map = pending.map!;
  const { index } = child;
  const running = map.running.includes(index);
  // The run a retry's item waited for (cancelled by the step's failure) is final: its success is taken, else the
  // item's new run starts now.
  const fromPrevious = running && map.previous?.[index] === child.attempt && (map.attempts?.[index] ?? 1) !== child.attempt;
  const ok = event.status === "succeeded";
  const previous = map.previous ? { ...map.previous } : undefined;
  if (previous) delete previous[index];
  if (fromPrevious && !ok) {
    const next: PendingChildren = { ...pending, map: { ...map, previous }, checks: 0 };
    const started = await nextItems(run, pending.stateId, state, [index], next, inputs);
    if (!started.ok) return failFanout(def, { ...run, keptChildren: next }, started.error, runningChildren(next), inputs);
    return { state: { ...run, pending: next }, commands: [{ type: "start_children", children: started.children }] };
  }
  if (!fromPrevious && (!running || (map.attempts?.[index] ?? 1) !== child.attempt))
    return ignore(run, `item ${index} is not running`);
  const attempts = map.attempts ? { ...map.attempts } : undefined;
  if (attempts) delete attempts[index];
  const counted: MapProgress = {
    ...map,
    running: map.running.filter((i) => i !== index),
    succeeded: map.succeeded + (ok ? 1 : 0),
    failed: map.failed + (ok ? 0 : 1),
    ...(ok ? {} : { failedIndices: [...(map.failedIndices ?? []), index] }),
    ...(attempts ? { attempts } : {}),
    ...(previous ? { previous } : {}),
  };
  const next: PendingChildren = { ...pending, map: counted, checks: 0 };
  if (counted.failed > counted.tolerated) {
    const cause = childError(`item ${index}`, event);
    const error: StepError = {
      kind: cause.kind,
      message: `${counted.failed} item${counted.failed === 1 ? "" : "s"} of "${pending.stateId}" failed, more than the ${counted.tolerated} tolerated (item ${index}: ${event.failure?.message ?? event.status})`,
      retryable: cause.retryable,
    };
    return failFanout(def, { ...run, pending: next, keptChildren: next }, error, runningChildren(next), inputs);
  }
  return fill(def, { ...run, pending: next }, next, state, inputs);
}

export function childrenCollected(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  event: { prefix: string; results: unknown[]; tooLarge?: { bytes: number; limitBytes: number } | undefined },
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  if (!pending.collecting || event.prefix !== pending.prefix) return ignore(run, "the step is not collecting these results");
  if (event.tooLarge) {
    const mb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
    const error: StepError = {
      kind: "result_too_large",
      message: `The results of "${pending.stateId}" are over ${mb(event.tooLarge.bytes)}, more than the limit of ${mb(event.tooLarge.limitBytes)}: give the item body a succeed output with only what the list needs`,
      retryable: false,
    };
    return failStep(def, { ...run, pending: null }, error, inputs);
  }
  return completeFanout(def, run, pending.stateId, event.results, inputs);
}
