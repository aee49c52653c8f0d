/**
 * The validator shared by the designer (live problems on the canvas) and the
 * server (publish and import refuse a definition with errors). It reports
 * EVERY problem it can find, each with a path and a plain message.
 */
import { z } from "zod";
import { definitionSchema, stateSchema, STATE_TYPES, type State, type WorkflowDefinition } from "./schema";
import { problem, type Problem } from "./problems";
import { allEdges, canReach, reachableFrom } from "./graph";
import { isValidStateId } from "./ids";
import { checkConstantConditions, checkExpressionsIn, checkStateSemantics } from "./validate-state";
import { checkInputSchema } from "./validate-input-schema";
import { referenceProblems } from "./validate-references";
import { checkMachines } from "./validate-machines";

export interface ValidationResult {
  problems: Problem[];
  /** The parsed definition when its shape is right (it may still have graph problems). */
  definition: WorkflowDefinition | null;
}

const topLevel = definitionSchema.extend({ states: z.record(z.string(), z.unknown()) });

export function validateDefinition(doc: unknown, depth = 0): ValidationResult {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { problems: [problem([], "not_an_object", "A workflow must be a JSON object")], definition: null };
  }
  const problems: Problem[] = [];
  const top = topLevel.safeParse(doc);
  if (!top.success) problems.push(...zodProblems(top.error, []));

  const rawStates = statesOf(doc);
  const parsed: Record<string, State> = {};
  for (const [id, raw] of Object.entries(rawStates)) {
    if (!isValidStateId(id)) {
      problems.push(
        problem(
          ["states", id],
          "invalid_id",
          `"${id}" is not a valid step id: use letters, digits, _ or -, starting with a letter (64 at most)`,
        ),
      );
    }
    checkExpressionsIn(raw, ["states", id], problems);
    checkConstantConditions(raw, ["states", id], problems);
    const result = stateSchema.safeParse(raw);
    if (result.success) parsed[id] = result.data;
    else problems.push(...stateShapeProblems(result.error, raw, ["states", id]));
  }

  problems.push(...graphProblems(doc as Record<string, unknown>, rawStates));
  problems.push(...referenceProblems(rawStates));
  for (const [id, state] of Object.entries(parsed)) {
    problems.push(...checkStateSemantics(id, state));
    problems.push(...checkMachines(id, state, depth, validateDefinition));
  }
  if (top.success && top.data.input) problems.push(...checkInputSchema(top.data.input, ["input"]));
  problems.push(...layoutProblems(doc as Record<string, unknown>, rawStates));

  const shapeOk = top.success && Object.keys(parsed).length === Object.keys(rawStates).length;
  const definition = shapeOk ? ({ ...top.data, states: parsed } as WorkflowDefinition) : null;
  return { problems, definition };
}

function statesOf(doc: object): Record<string, unknown> {
  const states = (doc as { states?: unknown }).states;
  return typeof states === "object" && states !== null && !Array.isArray(states) ? (states as Record<string, unknown>) : {};
}

function graphProblems(doc: Record<string, unknown>, states: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const ids = Object.keys(states);
  const exists = (id: string) => Object.hasOwn(states, id);
  if (ids.length === 0) {
    problems.push(problem(["states"], "no_states", "The workflow has no steps"));
    return problems;
  }
  const startAt = doc.startAt;
  if (typeof startAt === "string" && startAt !== "" && !exists(startAt)) {
    problems.push(problem(["startAt"], "unknown_start", `The workflow starts at "${startAt}", which is not a step`));
  }
  const edges = allEdges(states);
  for (const e of edges) {
    if (!exists(e.to)) {
      problems.push(problem(["states", e.from, ...e.field], "unknown_target", `Goes to "${e.to}", which is not a step`));
    }
  }
  const terminals = ids.filter((id) => isTerminal(states[id]));
  if (terminals.length === 0) {
    problems.push(problem(["states"], "no_terminal", "The workflow has no Succeed or Fail step, so it can never finish"));
  }
  if (typeof startAt !== "string" || !exists(startAt)) return problems;
  const reachable = reachableFrom(startAt, edges, exists);
  const finishing = canReach(
    terminals,
    edges.filter((e) => exists(e.to)),
  );
  // A dangling route is reported once, as itself; not again as "can never finish".
  const dangling = new Set(edges.filter((e) => !exists(e.to)).map((e) => e.from));
  for (const id of ids) {
    if (!reachable.has(id)) {
      problems.push(problem(["states", id], "unreachable", "No path from the start leads to this step"));
    } else if (terminals.length > 0 && !finishing.has(id) && !dangling.has(id)) {
      problems.push(
        problem(
          ["states", id],
          "no_path_to_end",
          "From this step the workflow can never finish: no path leads to a Succeed or Fail step",
        ),
      );
    }
  }
  return problems;
}

function isTerminal(state: unknown): boolean {
  const type = (state as { type?: unknown } | null)?.type;
  return type === "succeed" || type === "fail";
}

function layoutProblems(doc: Record<string, unknown>, states: Record<string, unknown>): Problem[] {
  const layout = doc.layout;
  if (typeof layout !== "object" || layout === null) return [];
  return Object.keys(layout)
    .filter((id) => !Object.hasOwn(states, id))
    .map((id) =>
      problem(["layout", id], "stale_layout", `The layout has a position for "${id}", which is not a step`, "warning"),
    );
}

function stateShapeProblems(error: z.ZodError, raw: unknown, base: (string | number)[]): Problem[] {
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof raw !== "object" || raw === null) {
    return [problem(base, "invalid_state", "A step must be an object")];
  }
  if (typeof type !== "string" || !(STATE_TYPES as readonly string[]).includes(type)) {
    const got = type === undefined ? "no type" : `type ${JSON.stringify(type)}`;
    return [problem([...base, "type"], "unknown_type", `The step has ${got}; expected one of ${STATE_TYPES.join(", ")}`)];
  }
  return zodProblems(error, base);
}

/** Turns zod issues into problems with plain messages. */
export function zodProblems(error: z.ZodError, base: (string | number)[]): Problem[] {
  return error.issues.flatMap((issue) => {
    const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => problem([...path, key], "unknown_field", `"${key}" is not a known field here`));
    }
    return [problem(path, issue.code, plainMessage(issue))];
  });
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "is required";
  if (issue.code === "invalid_type") return `must be ${typeName(issue.expected)}`;
  if (issue.code === "too_small") return tooSmall(issue);
  if (issue.code === "too_big")
    return `must be at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}`;
  if (issue.code === "invalid_value") return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
  return issue.message.replace(/^Invalid input: /, "");
}

function typeName(expected: string): string {
  if (expected === "int") return "a whole number";
  if (expected === "array") return "a list";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  if (issue.message && !issue.message.startsWith("Too small")) return issue.message;
  if (issue.origin === "string")
    return issue.minimum === 1 ? "must not be empty" : `must be at least ${String(issue.minimum)} characters`;
  if (issue.origin === "array") return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? "" : "s"}`;
  return `must be at least ${String(issue.minimum)}`;
}
