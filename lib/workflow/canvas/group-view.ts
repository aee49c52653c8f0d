/**
 * What the canvas keeps about a parallel or map step's drawing beside its position, in the step's `layout` entry:
 * whether the group is collapsed, and where inner steps were dragged within their lane (keyed "<branch>::<step>").
 * Only drawing: the semantics never read it, and it is saved, undone and exported with the positions.
 */
import { layoutOf, statesOf, type Draft } from "./edit";
import type { Point } from "./model";

export interface GroupView {
  collapsed: boolean;
  /** Dragged inner steps' places in their lane, by "<branch or each>::<inner step>". */
  inner: Record<string, Point>;
}

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

function isPoint(p: unknown): p is Point {
  const r = asRecord(p);
  return r !== undefined && typeof r.x === "number" && typeof r.y === "number";
}

/** The group view saved in one layout entry (a malformed entry reads as expanded, nothing dragged). */
export function groupViewOf(entry: unknown): GroupView {
  const r = asRecord(entry) ?? {};
  const inner: Record<string, Point> = {};
  for (const [key, p] of Object.entries(asRecord(r.inner) ?? {})) if (isPoint(p)) inner[key] = { x: p.x, y: p.y };
  return { collapsed: r.collapsed === true, inner };
}

function withEntry(doc: Draft, id: string, fn: (entry: Loose) => Loose): Draft {
  if (!(id in statesOf(doc))) return doc;
  const layout = layoutOf(doc) as Record<string, unknown>;
  const entry = asRecord(layout[id]) ?? { x: 0, y: 0 };
  return { ...doc, layout: { ...layout, [id]: fn(entry) } };
}

/** Collapses (or expands) a group step; saved with its position. */
export function setCollapsed(doc: Draft, id: string, collapsed: boolean): Draft {
  return withEntry(doc, id, (entry) => {
    const { collapsed: _gone, ...rest } = entry;
    return collapsed ? { ...rest, collapsed: true } : rest;
  });
}

export function isCollapsed(doc: Draft, id: string): boolean {
  return groupViewOf(layoutOf(doc)[id]).collapsed;
}

/** Saves where inner steps of `owner` were dragged to: `positions` by "<branch>::<step>", relative to their lane. */
export function moveInner(doc: Draft, owner: string, positions: Readonly<Record<string, Point>>): Draft {
  if (Object.keys(positions).length === 0) return doc;
  return withEntry(doc, owner, (entry) => {
    const inner = { ...groupViewOf(entry).inner };
    for (const [key, p] of Object.entries(positions)) inner[key] = { x: Math.round(p.x), y: Math.round(p.y) };
    return { ...entry, inner };
  });
}
