/** Copy and paste of states between (or within) workflows. */
import { edgesOf } from "../graph";
import { deriveStateId } from "../ids";
import { clearTarget, writeTarget } from "./from-canvas";
import { layoutOf, statesOf, type Draft } from "./edit";
import type { Point } from "./model";

type Loose = Record<string, unknown>;

export interface Fragment {
  kind: "switchyard/states";
  states: Record<string, Loose>;
  layout: Record<string, Point>;
}

export function isFragment(value: unknown): value is Fragment {
  const v = value as Partial<Fragment> | null;
  return typeof v === "object" && v !== null && v.kind === "switchyard/states" && typeof v.states === "object";
}

export function copyStates(doc: Draft, ids: readonly string[]): Fragment {
  const states: Record<string, Loose> = {};
  const layout: Record<string, Point> = {};
  for (const id of ids) {
    const s = statesOf(doc)[id];
    if (typeof s !== "object" || s === null) continue;
    states[id] = structuredClone(s as Loose);
    const p = layoutOf(doc)[id];
    if (p) layout[id] = { ...p };
  }
  return { kind: "switchyard/states", states, layout };
}

/**
 * Pastes a fragment with fresh ids, shifted by `offset`. Transitions between
 * pasted states follow the copies; transitions to states outside the fragment
 * are kept when that state exists here and dropped otherwise.
 */
export function pasteStates(doc: Draft, fragment: Fragment, offset: Point): { doc: Draft; ids: string[] } {
  const taken = new Set(Object.keys(statesOf(doc)));
  const rename = new Map<string, string>();
  for (const [id, s] of Object.entries(fragment.states)) {
    const base = typeof s.title === "string" && s.title !== "" ? s.title : id;
    const fresh = taken.has(id) ? deriveStateId(base, taken) : id;
    taken.add(fresh);
    rename.set(id, fresh);
  }
  const states = { ...statesOf(doc) };
  const layout = { ...layoutOf(doc) };
  for (const [id, s] of Object.entries(fragment.states)) {
    const copy = structuredClone(s);
    for (const e of edgesOf(id, s).reverse()) {
      const to = rename.get(e.to) ?? (e.to in statesOf(doc) ? e.to : null);
      if (to === null) clearTarget(copy, e.field);
      else writeTarget(copy, e.field, to);
    }
    const newId = rename.get(id) ?? id;
    states[newId] = copy;
    const p = fragment.layout[id] ?? { x: 0, y: 0 };
    layout[newId] = { x: Math.round(p.x + offset.x), y: Math.round(p.y + offset.y) };
  }
  return { doc: { ...doc, states, layout }, ids: [...rename.values()] };
}
