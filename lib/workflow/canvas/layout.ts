/**
 * Auto-layout: a layered drawing top to bottom (dagre), so a workflow reads
 * like the path a run takes. Deterministic: the same definition always gets
 * the same positions.
 */
import dagre from "@dagrejs/dagre";
import { allEdges, type Edge } from "../graph";
import type { Point } from "./model";
import { layoutOf, statesOf, type Draft } from "./edit";
import { groupViewOf } from "./group-view";
import { groupLayout } from "./inner";

export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 84;

/** Positions (top-left corners) for the states of a definition. */
export function computeLayout(doc: Draft): Record<string, Point> {
  const states = statesOf(doc);
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 60, ranksep: 80, edgesep: 20, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = Object.keys(states).sort(startFirst(doc));
  // A parallel or map step is drawn as a group around its branches: it takes that room.
  const saved = layoutOf(doc) as Record<string, unknown>;
  const size = (id: string) => {
    const group = groupViewOf(saved[id]).collapsed ? null : groupLayout((states[id] ?? {}) as Record<string, unknown>);
    return group ? { width: group.width, height: group.height } : { width: NODE_WIDTH, height: NODE_HEIGHT };
  };
  for (const id of ids) g.setNode(id, size(id));
  for (const e of layoutEdges(states)) g.setEdge(e.from, e.to, { weight: 1, minlen: 1 }, `${e.from}:${e.field.join(".")}`);
  dagre.layout(g);
  const out: Record<string, Point> = {};
  for (const id of ids) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    out[id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}

/**
 * The edges that shape the layout: the normal flow. Error and timeout routes
 * are drawn but do not rank the steps: they often jump far (every step's error
 * route to one "handle it" step), and long edges make the layered layout slow
 * (dagre adds a dummy node per layer crossed) and pull error handlers up beside
 * the happy path. Error routes count only for steps reached by nothing else.
 */
function layoutEdges(states: Record<string, unknown>): Edge[] {
  const all = allEdges(states).filter((e) => e.to in states && e.from !== e.to);
  const flow = all.filter((e) => e.kind !== "catch" && e.kind !== "timeout");
  const reached = new Set(flow.map((e) => e.to));
  const extra = new Set<string>();
  const side = all.filter((e) => {
    if (e.kind !== "catch" && e.kind !== "timeout") return false;
    if (reached.has(e.to) || extra.has(e.to)) return false;
    extra.add(e.to);
    return true;
  });
  return [...flow, ...side];
}

function startFirst(doc: Draft) {
  return (a: string, b: string) => (a === doc.startAt ? -1 : b === doc.startAt ? 1 : 0);
}

/** The definition with every state laid out afresh. */
export function autoLayout(doc: Draft): Draft {
  // A collapsed group stays collapsed; inner steps dragged in their lanes go back to their rows.
  const saved = layoutOf(doc) as Record<string, unknown>;
  const layout = Object.fromEntries(
    Object.entries(computeLayout(doc)).map(([id, p]) => [id, groupViewOf(saved[id]).collapsed ? { ...p, collapsed: true } : p]),
  );
  return { ...doc, layout };
}

/**
 * Gives positions to states that have none (e.g. a workflow written as JSON),
 * keeping every saved position. When nothing is placed yet, lays out all.
 */
export function placeMissing(doc: Draft): Draft {
  const states = Object.keys(statesOf(doc));
  const saved = layoutOf(doc);
  const missing = states.filter((id) => !isPoint(saved[id]));
  if (missing.length === 0) return doc;
  if (missing.length === states.length) return autoLayout(doc);
  const computed = computeLayout(doc);
  const layout: Record<string, Point> = {};
  for (const id of states) {
    const p = saved[id];
    layout[id] = isPoint(p) ? p : (computed[id] ?? { x: 0, y: 0 });
  }
  return { ...doc, layout };
}

function isPoint(p: unknown): p is Point {
  return typeof p === "object" && p !== null && typeof (p as Point).x === "number" && typeof (p as Point).y === "number";
}
