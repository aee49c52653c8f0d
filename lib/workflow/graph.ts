/**
 * The edges of the state machine. Reads states tolerantly (they may not have
 * passed the schema) so graph checks can still run on a partly broken document.
 */
export type EdgeKind = "next" | "choice" | "default" | "catch" | "option" | "timeout";

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Where the target is written, relative to the state. */
  field: (string | number)[];
  label?: string | undefined;
}

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function edgesOf(id: string, stateValue: unknown): Edge[] {
  const state = asRecord(stateValue);
  if (!state) return [];
  const edges: Edge[] = [];
  const add = (to: unknown, kind: EdgeKind, field: (string | number)[], label?: string) => {
    const target = str(to);
    if (target !== undefined) edges.push({ from: id, to: target, kind, field, label });
  };
  add(state.next, "next", ["next"]);
  listOf(state.choices).forEach((c, i) => add(c.next, "choice", ["choices", i, "next"], str(c.label)));
  add(state.default, "default", ["default"], "otherwise");
  listOf(state.options).forEach((o, i) => add(o.next, "option", ["options", i, "next"], str(o.label)));
  add(state.onTimeout, "timeout", ["onTimeout"], "on timeout");
  listOf(state.catch).forEach((c, i) => add(c.next, "catch", ["catch", i, "next"], "on error"));
  return edges;
}

function listOf(v: unknown): Loose[] {
  return Array.isArray(v) ? v.map(asRecord).filter((x): x is Loose => x !== undefined) : [];
}

export function allEdges(states: Record<string, unknown>): Edge[] {
  return Object.entries(states).flatMap(([id, s]) => edgesOf(id, s));
}

/** Every state reachable from `start` following edges to existing states. */
export function reachableFrom(start: string, edges: readonly Edge[], exists: (id: string) => boolean): Set<string> {
  const seen = new Set<string>();
  if (!exists(start)) return seen;
  const out = groupBy(edges, (e) => e.from);
  const queue = [start];
  seen.add(start);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const e of out.get(id) ?? []) {
      if (exists(e.to) && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

/** Every state from which one of `targets` can be reached. */
export function canReach(targets: Iterable<string>, edges: readonly Edge[]): Set<string> {
  const into = groupBy(edges, (e) => e.to);
  const seen = new Set(targets);
  const queue = [...seen];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const e of into.get(id) ?? []) {
      if (!seen.has(e.from)) {
        seen.add(e.from);
        queue.push(e.from);
      }
    }
  }
  return seen;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
