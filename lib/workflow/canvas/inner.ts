/** The small state machines inside a parallel step (its branches) and a map step (its item body), for the canvas. */
import { edgesOf } from "../graph";
import { deriveStateId } from "../ids";
import { statesOf, type Draft } from "./edit";
import type { Point } from "./model";

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** The key of a map's item body among a step's machines (branch names are the others). */
export const ITEM_BODY = "each";

export interface InnerMachineView {
  /** The branch name, or ITEM_BODY. */
  key: string;
  label: string;
  startAt: string;
  states: Record<string, Loose>;
}

/** A parallel step's branches in order, or a map's item body; [] for any other step (or a malformed one). */
export function innerMachines(state: Loose): InnerMachineView[] {
  const view = (key: string, label: string, raw: unknown): InnerMachineView | undefined => {
    const m = asRecord(raw);
    if (!m) return undefined;
    const states = Object.fromEntries(Object.entries(asRecord(m.states) ?? {}).map(([id, s]) => [id, asRecord(s) ?? {}]));
    return { key, label, startAt: typeof m.startAt === "string" ? m.startAt : "", states };
  };
  if (state.type === "parallel")
    return Object.entries(asRecord(state.branches) ?? {}).flatMap(([name, m]) => view(name, name, m) ?? []);
  if (state.type === "map") return [view(ITEM_BODY, "Each item", state.itemBody)].flatMap((m) => m ?? []);
  return [];
}

/** The drawing of a group step: its lanes side by side under a header, each holding its steps. */
export const GROUP_GEOMETRY = {
  inner: { width: 260, height: 96, gapX: 24, gapY: 40 },
  lanePad: 14,
  laneHeader: 30,
  groupPad: 16,
  groupHeader: 84,
  groupFooter: 34,
  laneGap: 16,
} as const;

export interface GroupLayout {
  width: number;
  height: number;
  lanes: { machine: InnerMachineView; x: number; y: number; width: number; height: number; positions: Record<string, Point> }[];
}

/** Where a parallel or map step's lanes and inner steps go (relative to the step, and to their lane); null for others. */
export function groupLayout(state: Loose): GroupLayout | null {
  const g = GROUP_GEOMETRY;
  const machines = innerMachines(state);
  if (machines.length === 0) return null;
  const laid = machines.map((m) => ({ m, ...layoutMachine(m, g.inner) }));
  const laneHeight = Math.max(...laid.map((l) => l.height)) + g.laneHeader + g.lanePad;
  let x = g.groupPad;
  const lanes = laid.map(({ m, positions, width }) => {
    const lane = {
      machine: m,
      x,
      y: g.groupHeader,
      width: width + g.lanePad * 2,
      height: laneHeight,
      positions: Object.fromEntries(
        Object.entries(positions).map(([id, p]) => [id, { x: g.lanePad + p.x, y: g.laneHeader + p.y }]),
      ),
    };
    x += lane.width + g.laneGap;
    return lane;
  });
  return {
    width: Math.max(g.inner.width, x - g.laneGap + g.groupPad),
    height: g.groupHeader + laneHeight + g.groupPad + g.groupFooter,
    lanes,
  };
}

/** Where each of a machine's states sits: rows by distance from its start, centred; unreachable ones in a last row. */
export function layoutMachine(
  m: InnerMachineView,
  size: { width: number; height: number; gapX: number; gapY: number },
): { positions: Record<string, Point>; width: number; height: number } {
  const depth = new Map<string, number>();
  const queue = m.startAt in m.states ? [m.startAt] : [];
  if (queue.length > 0) depth.set(m.startAt, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of edgesOf(id, m.states[id])) {
      if (!(e.to in m.states) || depth.has(e.to)) continue;
      depth.set(e.to, depth.get(id)! + 1);
      queue.push(e.to);
    }
  }
  const last = depth.size === 0 ? 0 : Math.max(...depth.values()) + 1;
  const rows: string[][] = [];
  for (const id of Object.keys(m.states)) (rows[depth.get(id) ?? last] ??= []).push(id);
  const filled = rows.filter((r) => r !== undefined);
  const cols = Math.max(1, ...filled.map((r) => r.length));
  const width = cols * size.width + (cols - 1) * size.gapX;
  const positions: Record<string, Point> = {};
  filled.forEach((row, y) => {
    const offset = ((cols - row.length) * (size.width + size.gapX)) / 2;
    row.forEach((id, x) => (positions[id] = { x: offset + x * (size.width + size.gapX), y: y * (size.height + size.gapY) }));
  });
  const height = Math.max(1, filled.length) * size.height + Math.max(0, filled.length - 1) * size.gapY;
  return { positions, width, height };
}

/**
 * Adds a state to a branch (or a map's item body) at its end: what led to the machine's end step (a succeed step)
 * leads to the new step, which leads to the end. Without a single end step the new step is added unconnected.
 */
export function addToMachine(doc: Draft, owner: string, key: string, state: Loose): { doc: Draft; id: string } | null {
  const step = asRecord(statesOf(doc)[owner]);
  if (!step) return null;
  const machine = innerMachines(step).find((m) => m.key === key);
  if (!machine) return null;
  const title = typeof state.title === "string" ? state.title : typeof state.type === "string" ? state.type : "step";
  const id = deriveStateId(title, new Set(Object.keys(machine.states)));
  const ends = Object.entries(machine.states).filter(([, s]) => s.type === "succeed");
  const end = ends.length === 1 ? ends[0]![0] : undefined;
  const states: Record<string, Loose> = {};
  for (const [sid, s] of Object.entries(machine.states)) states[sid] = end && s.next === end ? { ...s, next: id } : s;
  states[id] = end && "next" in state ? { ...state, next: end } : state;
  const startAt = end && machine.startAt === end ? id : machine.startAt || id;
  const original = step.type === "map" ? asRecord(step.itemBody) : asRecord(asRecord(step.branches)?.[key]);
  const next = { ...original, startAt, states };
  const updated =
    step.type === "map" ? { ...step, itemBody: next } : { ...step, branches: { ...asRecord(step.branches), [key]: next } };
  return { id, doc: { ...doc, states: { ...statesOf(doc), [owner]: updated } } };
}

/** The parts of an inner step's node id ("owner::key::inner"); null for a top-level id. */
export function parseInnerId(id: string): { owner: string; key: string; inner: string } | null {
  const parts = id.split("::");
  return parts.length === 3 && parts.every((p) => p !== "") ? { owner: parts[0]!, key: parts[1]!, inner: parts[2]! } : null;
}

/**
 * Edits one branch (or a map's item body) with the edits made for a workflow: `fn` gets the machine as a small
 * document (`startAt`, `states`, and the workflow's input for the scope) and its `startAt` and `states` are written back.
 */
export function editMachine(doc: Draft, owner: string, key: string, fn: (machine: Draft) => Draft): Draft {
  const step = asRecord(statesOf(doc)[owner]);
  if (!step) return doc;
  const original = step.type === "map" ? asRecord(step.itemBody) : asRecord(asRecord(step.branches)?.[key]);
  if (!original || (step.type === "map" && key !== ITEM_BODY)) return doc;
  const edited = fn(machineDoc(doc, original));
  const next = { ...original, startAt: edited.startAt, states: edited.states };
  const updated =
    step.type === "map" ? { ...step, itemBody: next } : { ...step, branches: { ...asRecord(step.branches), [key]: next } };
  return { ...doc, states: { ...statesOf(doc), [owner]: updated } };
}

/** A branch or item body as a small document (for the inspector's scope and targets). */
export function machineDoc(doc: Draft, machine: Loose): Draft {
  return { input: doc.input, startAt: machine.startAt, states: asRecord(machine.states) ?? {} };
}
