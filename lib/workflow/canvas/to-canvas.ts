/** Definition -> canvas (nodes and edges), tolerant of drafts that are not valid yet. */
import { edgesOf } from "../graph";
import { STATE_TYPES, type StateType } from "../schema";
import { edgeId, handleForField, type CanvasGraph, type CanvasNode, type Point } from "./model";

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

function kindOf(state: Loose): StateType | "unknown" {
  const t = state.type;
  return typeof t === "string" && (STATE_TYPES as readonly string[]).includes(t) ? (t as StateType) : "unknown";
}

function positionOf(layout: Loose | undefined, id: string): Point | undefined {
  const p = asRecord(layout?.[id]);
  return p && typeof p.x === "number" && typeof p.y === "number" ? { x: p.x, y: p.y } : undefined;
}

/**
 * Draws a definition. States without a saved position get `fallback(id)`
 * (auto-layout fills these in); edges to states that do not exist are left
 * out (the validator reports them).
 */
export function toCanvas(definition: unknown, fallback: (id: string) => Point = () => ({ x: 0, y: 0 })): CanvasGraph {
  const doc = asRecord(definition) ?? {};
  const states = asRecord(doc.states) ?? {};
  const layout = asRecord(doc.layout);
  const nodes: CanvasNode[] = Object.entries(states).map(([id, raw]) => {
    const state = asRecord(raw) ?? {};
    return { id, kind: kindOf(state), position: positionOf(layout, id) ?? fallback(id), state, isStart: doc.startAt === id };
  });
  const edges = Object.entries(states).flatMap(([id, raw]) =>
    edgesOf(id, raw)
      .filter((e) => e.to in states)
      .map((e) => ({
        id: edgeId(id, e.field),
        source: id,
        sourceHandle: handleForField(e.field),
        target: e.to,
        kind: e.kind,
        label: e.label,
        field: e.field,
      })),
  );
  return { nodes, edges };
}

/** States that have no saved position yet. */
export function unplacedStates(definition: unknown): string[] {
  const doc = asRecord(definition) ?? {};
  const layout = asRecord(doc.layout);
  return Object.keys(asRecord(doc.states) ?? {}).filter((id) => positionOf(layout, id) === undefined);
}
