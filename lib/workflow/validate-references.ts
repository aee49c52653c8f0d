/**
 * Warnings about what a step reads and where a route leads, found from the graph: `$error` and `$result` where they
 * can never be bound (they would be null), and loops that re-enter a step marked not idempotent.
 */
import { allEdges, reachableFrom, canReach, type Edge } from "./graph";
import { expressionSources } from "./expressions";
import { problem, type Problem } from "./problems";

type Loose = Record<string, unknown>;
type Path = (string | number)[];

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** Every string in `value` with its path, skipping the paths `skip` says are bound otherwise. */
function strings(value: unknown, path: Path, skip: (path: Path) => boolean, out: [Path, string][]): void {
  if (skip(path)) return;
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, i], skip, out));
  else if (asRecord(value)) for (const [k, v] of Object.entries(value as Loose)) strings(v, [...path, k], skip, out);
}

function reads(text: string, name: string): boolean {
  const pattern = new RegExp(`\\$${name}(?![A-Za-z0-9_])`);
  return expressionSources(text).some((source) => pattern.test(source));
}

/** Where $error has a value: a catch route's assign, and every step a catch route can lead to (and after). */
function afterCatch(states: Record<string, unknown>, edges: readonly Edge[]): Set<string> {
  const exists = (id: string) => Object.hasOwn(states, id);
  const out = new Set<string>();
  for (const e of edges) if (e.kind === "catch") for (const id of reachableFrom(e.to, edges, exists)) out.add(id);
  return out;
}

export function referenceProblems(states: Record<string, unknown>): Problem[] {
  const edges = allEdges(states);
  const caught = afterCatch(states, edges);
  const out: Problem[] = [];
  for (const [id, raw] of Object.entries(states)) {
    const state = asRecord(raw);
    if (!state) continue;
    const base = ["states", id];
    const found: [Path, string][] = [];
    // $error is bound in a catch route's assign; $result in a tool's assign and its undo's input, and in an agent's
    // assign (its answer).
    // A parallel step's branches and a map's item body are checked as workflows of their own (validate-machines.ts).
    const inner = (p: Path) =>
      (state.type === "parallel" && p[2] === "branches") || (state.type === "map" && p[2] === "itemBody");
    strings(state, base, (p) => (p[2] === "catch" && p[4] === "assign") || inner(p), found);
    for (const [path, text] of found) {
      const rel = path.slice(2);
      if (reads(text, "error") && !caught.has(id))
        out.push(
          problem(
            path,
            "unbound_error",
            "$error has no value here: only a catch route's “what to keep” and the steps a catch route leads to can read it",
            "warning",
          ),
        );
      const resultBound =
        (state.type === "tool" && (rel[0] === "assign" || (rel[0] === "compensate" && rel[1] === "input"))) ||
        (state.type === "agent" && rel[0] === "assign");
      if (reads(text, "result") && !resultBound)
        out.push(
          problem(
            path,
            "unbound_result",
            "$result has no value here: only a tool or agent step's “what to keep” (and a tool's undo input) can read its result",
            "warning",
          ),
        );
    }
  }
  out.push(...loopProblems(states, edges, (state) => state.idempotent === false));
  return out;
}

/** Steps on a cycle: a route leads back to them. */
export function onCycle(id: string, edges: readonly Edge[]): boolean {
  const back = canReach([id], edges);
  return edges.some((e) => e.from === id && back.has(e.to));
}

/** Tool steps judged not idempotent (by `notIdempotent`) that a loop re-enters. */
export function loopProblems(
  states: Record<string, unknown>,
  edges: readonly Edge[],
  notIdempotent: (state: Loose) => boolean,
): Problem[] {
  return Object.entries(states).flatMap(([id, raw]) => {
    const state = asRecord(raw);
    if (state?.type !== "tool" || !notIdempotent(state) || !onCycle(id, edges)) return [];
    return [
      problem(
        ["states", id],
        "loop_not_idempotent",
        "A route leads back to this step, which is not idempotent: each new visit calls it again with a new idempotency key (only when the previous call's outcome is unknown, e.g. it timed out, is the same key sent again). Make sure repeating it is intended",
        "warning",
      ),
    ];
  });
}
