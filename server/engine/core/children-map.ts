/**
 * Map steps: one child run per item of a list, a few at a time. The list is evaluated again whenever items are
 * started (the run's data does not change while it waits here), so neither the run state nor its transitions hold it.
 */
import type { MapState, WorkflowDefinition } from "@/lib/workflow/schema";
import { bindings, evaluate } from "./data";
import type { ChildFinished, ChildStart, MapProgress, PendingChildren } from "./children-types";
import type { RunState, StepError, StepInputs, StepResult } from "./types";
import { failStep } from "./failure";
import { childLink, childPrefix, completeFanout, failFanout, recheck, runningChildren } from "./children";

export const DEFAULT_MAP_CONCURRENCY = 10;

export const ignore = (run: RunState, why: string): StepResult => ({ state: run, commands: [], ignored: why });

async function listOf(run: RunState, id: string, state: MapState) {
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

/** The child runs of these item indices (their item, index and the step's item variables). */
export async function nextItems(
  run: RunState,
  id: string,
  state: MapState,
  indices: number[],
  prefix: string,
): Promise<{ ok: true; children: ChildStart[] } | { ok: false; error: StepError }> {
  if (indices.length === 0) return { ok: true, children: [] };
  const list = await listOf(run, id, state);
  if (!list.ok) return list;
  const children: ChildStart[] = [];
  for (const index of indices) {
    const item = list.value[index] ?? null;
    const b = bindings(run, { item, index });
    const extra = await evaluate<Record<string, unknown>>(state.itemVars ?? {}, b, `The item variables of "${id}"`);
    if (!extra.ok) return extra;
    const vars = { ...extra.value, item, index };
    children.push({ runId: `${prefix}.${index}`, input: item, vars, parent: childLink(run, id, String(index), "itemBody") });
  }
  return { ok: true, children };
}

export async function startMap(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: MapState,
  inputs: StepInputs,
): Promise<StepResult> {
  const list = await listOf(run, id, state);
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
  const pending: PendingChildren = { type: "children", stateId: id, prefix: childPrefix(run, id), ...recheck(inputs), map };
  return fill(def, { ...run, status: "waiting", pending }, pending, state, inputs);
}

/** Starts items up to the concurrency limit. */
async function fill(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  state: MapState,
  inputs: StepInputs,
): Promise<StepResult> {
  const map = pending.map!;
  const room = Math.max(0, Math.min(map.maxConcurrency - map.running.length, map.total - map.next));
  const indices = Array.from({ length: room }, (_, i) => map.next + i);
  const started = await nextItems(run, pending.stateId, state, indices, pending.prefix);
  if (!started.ok) return failFanout(def, run, started.error, runningChildren(pending), inputs);
  const next = { ...map, next: map.next + room, running: [...map.running, ...indices] };
  const state2: RunState = { ...run, pending: { ...pending, map: next } };
  return { state: state2, commands: room > 0 ? [{ type: "start_children", children: started.children }] : [] };
}

export async function mapFinished(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  state: MapState,
  index: number,
  event: ChildFinished,
  inputs: StepInputs,
): Promise<StepResult> {
  const map = pending.map!;
  if (!map.running.includes(index)) return ignore(run, `item ${index} is not running`);
  const ok = event.status === "succeeded";
  const counted: MapProgress = {
    ...map,
    running: map.running.filter((i) => i !== index),
    succeeded: map.succeeded + (ok ? 1 : 0),
    failed: map.failed + (ok ? 0 : 1),
  };
  const next: PendingChildren = { ...pending, map: counted, checks: 0 };
  if (counted.failed > counted.tolerated) {
    const error: StepError = {
      kind: "tool_error",
      message: `${counted.failed} item${counted.failed === 1 ? "" : "s"} of "${pending.stateId}" failed, more than the ${counted.tolerated} tolerated (item ${index}: ${event.failure?.message ?? event.status})`,
      retryable: true,
    };
    return failFanout(def, { ...run, pending: next }, error, runningChildren(next), inputs);
  }
  if (counted.next < counted.total) return fill(def, { ...run, pending: next }, next, state, inputs);
  if (counted.running.length > 0) return { state: { ...run, pending: next }, commands: [] };
  // Every item is done: read their outputs once, in order.
  const collecting: PendingChildren = { ...next, collecting: true };
  return {
    state: { ...run, pending: collecting },
    commands: [{ type: "collect_children", prefix: pending.prefix, total: counted.total }],
  };
}

export function childrenCollected(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingChildren,
  event: { prefix: string; results: unknown[] },
  inputs: StepInputs,
): Promise<StepResult> | StepResult {
  if (!pending.collecting || event.prefix !== pending.prefix) return ignore(run, "the step is not collecting these results");
  return completeFanout(def, run, pending.stateId, event.results, inputs);
}
