/**
 * Edits the designer makes to a draft, as pure functions returning a new
 * document. Untouched states are shared with the previous document, so undo
 * history stays cheap even for large workflows.
 */
import { edgesOf } from "../graph";
import { deriveStateId } from "../ids";
import { clearTarget, writeTarget } from "./from-canvas";
import { ERROR_HANDLE, type Point } from "./model";

export type Draft = Record<string, unknown>;
type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

export function statesOf(doc: Draft): Loose {
  return asRecord(doc.states) ?? {};
}

export function layoutOf(doc: Draft): Record<string, Point> {
  return (asRecord(doc.layout) ?? {}) as Record<string, Point>;
}

/** Replaces one state with `fn(copy of it)`. */
export function updateState(doc: Draft, id: string, fn: (state: Loose) => void): Draft {
  const current = asRecord(statesOf(doc)[id]);
  if (!current) return doc;
  const next = structuredClone(current);
  fn(next);
  return { ...doc, states: { ...statesOf(doc), [id]: next } };
}

export function replaceState(doc: Draft, id: string, state: Loose): Draft {
  return { ...doc, states: { ...statesOf(doc), [id]: state } };
}

/** The field a new transition from `handle` is written to. */
export function fieldForHandle(state: Loose, handle: string): (string | number)[] | null {
  if (handle === "next") return ["next"];
  if (handle === "default") return ["default"];
  if (handle === "timeout") return ["onTimeout"];
  if (handle === ERROR_HANDLE) return ["catch", Array.isArray(state.catch) ? state.catch.length : 0, "next"];
  const m = /^(choice|option)-(\d+)$/.exec(handle);
  if (!m) return null;
  return [m[1] === "choice" ? "choices" : "options", Number(m[2]), "next"];
}

/** Connects `handle` of `source` to `target` (replacing what that handle pointed to). */
export function connect(doc: Draft, source: string, handle: string, target: string): Draft {
  if (!(target in statesOf(doc))) return doc;
  return updateState(doc, source, (state) => {
    const field = fieldForHandle(state, handle);
    if (field) writeTarget(state, field, target);
  });
}

/** Removes the transition with this edge id (`${source}:${field}`). */
export function disconnect(doc: Draft, edgeId: string): Draft {
  const cut = edgeId.indexOf(":");
  const source = edgeId.slice(0, cut);
  const field = edgeId
    .slice(cut + 1)
    .split(".")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return updateState(doc, source, (state) => clearTarget(state, field));
}

/** Adds a state at a position; its id is derived from its title. Returns the new id. */
export function addState(doc: Draft, state: Loose, position: Point): { doc: Draft; id: string } {
  const title = typeof state.title === "string" ? state.title : typeof state.type === "string" ? state.type : "step";
  const id = deriveStateId(title, new Set(Object.keys(statesOf(doc))));
  return {
    id,
    doc: { ...doc, states: { ...statesOf(doc), [id]: state }, layout: { ...layoutOf(doc), [id]: round(position) } },
  };
}

/** A layout entry moved to `p`, keeping what else it saves (a group's collapse, its inner steps' places). */
export function movedEntry(entry: unknown, p: Point): Point {
  return { ...asRecord(entry), ...round(p) };
}

function round(p: Point): Point {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** Removes states and every transition that led to them. */
export function removeStates(doc: Draft, ids: readonly string[]): Draft {
  const gone = new Set(ids);
  const states: Loose = {};
  const layout: Record<string, Point> = {};
  for (const [id, raw] of Object.entries(statesOf(doc))) {
    if (gone.has(id)) continue;
    const dangling = edgesOf(id, raw).filter((e) => gone.has(e.to));
    if (dangling.length === 0 || !asRecord(raw)) states[id] = raw;
    else {
      const copy = structuredClone(raw as Loose);
      for (const e of dangling.reverse()) clearTarget(copy, e.field);
      states[id] = copy;
    }
    const p = layoutOf(doc)[id];
    if (p) layout[id] = p;
  }
  return { ...doc, states, layout };
}

export function moveStates(doc: Draft, positions: Readonly<Record<string, Point>>): Draft {
  const layout = { ...layoutOf(doc) };
  // A group's entry also keeps whether it is collapsed and where its inner steps were dragged.
  for (const [id, p] of Object.entries(positions)) if (id in statesOf(doc)) layout[id] = movedEntry(layout[id], p);
  return { ...doc, layout };
}

export function setStart(doc: Draft, id: string): Draft {
  return id in statesOf(doc) ? { ...doc, startAt: id } : doc;
}

/** Renames a state's id and every reference to it (transitions, start, layout). */
export function renameState(doc: Draft, from: string, to: string): Draft {
  const states = statesOf(doc);
  if (from === to || !(from in states) || to in states) return doc;
  const renamed: Loose = {};
  for (const [id, raw] of Object.entries(states)) {
    const refs = edgesOf(id, raw).filter((e) => e.to === from);
    let state = raw;
    if (refs.length > 0) {
      const copy = structuredClone(raw as Loose);
      for (const e of refs) writeTarget(copy, e.field, to);
      state = copy;
    }
    renamed[id === from ? to : id] = state;
  }
  const layout: Record<string, Point> = {};
  for (const [id, p] of Object.entries(layoutOf(doc))) layout[id === from ? to : id] = p;
  return { ...doc, states: renamed, layout, startAt: doc.startAt === from ? to : doc.startAt };
}
