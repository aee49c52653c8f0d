/**
 * Canvas -> definition. Node data carries each state; edges decide the
 * transitions between drawn states. Targets that point at no node (a draft's
 * dangling reference) are kept as written, so the validator can report them.
 */
import { ANY_ERROR } from "../errors";
import { edgesOf } from "../graph";
import type { CanvasGraph, CanvasEdge, DefinitionMeta } from "./model";

type Loose = Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

function listAt(state: Loose, key: string): Loose[] | undefined {
  const v = state[key];
  return Array.isArray(v) ? (v as Loose[]) : undefined;
}

/** Removes a transition written at `field`, the way an editor user expects. */
export function clearTarget(state: Loose, field: readonly (string | number)[]): void {
  const [head, index] = field;
  if (typeof head !== "string") return;
  if (field.length === 1) {
    delete state[head];
    return;
  }
  const list = listAt(state, head);
  const item = typeof index === "number" ? list?.[index] : undefined;
  if (!list || !item) return;
  // A condition or an option stays (it holds more than its target); an error route is only its target.
  if (head === "catch") list.splice(index as number, 1);
  else item.next = "";
}

/** Writes a transition at `field`. */
export function writeTarget(state: Loose, field: readonly (string | number)[], target: string): void {
  const [head, index] = field;
  if (typeof head !== "string") return;
  if (field.length === 1) {
    state[head] = target;
    return;
  }
  const list = listAt(state, head) ?? [];
  state[head] = list;
  if (typeof index !== "number") return;
  const item = list[index];
  if (item) item.next = target;
  else if (head === "catch") list.push({ errors: [ANY_ERROR], next: target });
}

export function fromCanvas(graph: CanvasGraph, meta: DefinitionMeta): Loose {
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const bySource = new Map<string, CanvasEdge[]>();
  for (const e of graph.edges) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);

  const states: Loose = {};
  const layout: Loose = {};
  for (const node of graph.nodes) {
    const state = clone(node.state);
    const drawn = new Set((bySource.get(node.id) ?? []).map((e) => e.field.join(".")));
    // Transitions to drawn states that no longer have an edge were deleted on the canvas.
    const removed = edgesOf(node.id, node.state).filter((e) => nodeIds.has(e.to) && !drawn.has(e.field.join(".")));
    for (const e of removed.reverse()) clearTarget(state, e.field);
    for (const e of bySource.get(node.id) ?? []) if (nodeIds.has(e.target)) writeTarget(state, e.field, e.target);
    states[node.id] = state;
    layout[node.id] = { x: node.position.x, y: node.position.y };
  }
  const start = graph.nodes.find((n) => n.isStart)?.id ?? meta.startAt;
  return { ...clone(meta), startAt: start, states, layout };
}
