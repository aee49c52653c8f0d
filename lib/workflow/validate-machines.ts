/**
 * The small state machines inside parallel branches and map item bodies are checked like a workflow of their own
 * (shape, routes, reachability, expressions), their problems placed under the outer state's path.
 */
import type { State } from "./schema";
import { problem, type Problem } from "./problems";
import { isValidStateId } from "./ids";

type Path = (string | number)[];
type ValidateDoc = (doc: unknown, depth: number) => { problems: Problem[] };

/** Parallel states and maps inside each other: deeper than this is refused (each level is a generation of child runs). */
export const MAX_MACHINE_DEPTH = 4;

/** The inner machines of a state, with where they are written. */
export function machinesOf(state: State): { path: Path; machine: { startAt: string; states: Record<string, unknown> } }[] {
  if (state.type === "parallel")
    return Object.entries(state.branches).map(([name, m]) => ({ path: ["branches", name], machine: m }));
  if (state.type === "map") return [{ path: ["itemBody"], machine: state.itemBody }];
  return [];
}

export function checkMachines(id: string, state: State, depth: number, validate: ValidateDoc): Problem[] {
  const base: Path = ["states", id];
  const out: Problem[] = [];
  if (state.type === "parallel" && Object.keys(state.branches).length === 0)
    out.push(problem([...base, "branches"], "no_branches", "A parallel step needs at least one branch"));
  if (state.type === "parallel" && Object.keys(state.branches).length > 50)
    out.push(problem([...base, "branches"], "too_many_branches", "A parallel step has at most 50 branches"));
  if (state.type === "parallel")
    for (const name of Object.keys(state.branches).filter((n) => !isValidStateId(n)))
      out.push(
        problem(
          [...base, "branches", name],
          "invalid_branch_name",
          `"${name}" is not a valid branch name: use letters, digits, _ or -, starting with a letter`,
        ),
      );
  if (state.type === "map" && state.toleratedFailureCount !== undefined && state.toleratedFailurePercentage !== undefined)
    out.push(problem([...base, "toleratedFailurePercentage"], "two_tolerances", "Give either a tolerated count or a percentage"));
  for (const { path, machine } of machinesOf(state)) {
    if (depth >= MAX_MACHINE_DEPTH) {
      out.push(problem([...base, ...path], "too_deep", `Parallel and map steps nest at most ${MAX_MACHINE_DEPTH} deep`));
      continue;
    }
    const doc = { schemaVersion: 1, name: id, startAt: machine.startAt, states: machine.states };
    for (const p of validate(doc, depth + 1).problems) {
      if (p.code === "bad_expression") continue; // The outer walk over the whole state reported it already.
      out.push(problem([...base, ...path, ...p.path], p.code, p.message, p.severity));
    }
  }
  return out;
}
