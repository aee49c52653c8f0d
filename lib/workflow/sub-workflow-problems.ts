/**
 * Problems of sub-workflow steps that depend on the published workflows (the designer's catalog of them): the
 * workflow or pinned version does not exist, the step runs its own workflow, or its input mapping does not fit the
 * child's input schema (a required field missing, an unknown field, a fixed value of the wrong type). The engine
 * checks the evaluated input again when the step starts the child.
 */
import { checkValue, type InputSchema } from "./input-schema";
import { expressionSources } from "./expressions";
import { problem, type Problem } from "./problems";

export interface PublishedWorkflow {
  id: string;
  name: string;
  /** Published versions, newest first, with their input schemas. */
  versions: { version: number; input: InputSchema | null }[];
}

type Loose = Record<string, unknown>;
const asRecord = (v: unknown): Loose | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** Every machine's states with their path: the workflow's own, and those inside branches and item bodies. */
function* machines(states: Loose, path: (string | number)[]): Generator<[string, Loose, (string | number)[]]> {
  for (const [id, raw] of Object.entries(states)) {
    const state = asRecord(raw);
    if (!state) continue;
    yield [id, state, [...path, id]];
    for (const [name, m] of Object.entries(asRecord(state.branches) ?? {})) {
      const inner = asRecord(asRecord(m)?.states);
      if (inner) yield* machines(inner, [...path, id, "branches", name, "states"]);
    }
    const body = asRecord(asRecord(state.itemBody)?.states);
    if (body) yield* machines(body, [...path, id, "itemBody", "states"]);
  }
}

export function subWorkflowProblems(doc: unknown, published: readonly PublishedWorkflow[], selfId: string | null): Problem[] {
  const states = asRecord(asRecord(doc)?.states);
  if (!states) return [];
  const byId = new Map(published.map((w) => [w.id, w]));
  const out: Problem[] = [];
  for (const [, state, path] of machines(states, ["states"])) {
    if (state.type !== "subWorkflow" || typeof state.workflowId !== "string" || state.workflowId === "") continue;
    if (state.workflowId === selfId) {
      out.push(problem([...path, "workflowId"], "sub_workflow_self", "A workflow cannot run itself as a sub-workflow"));
      continue;
    }
    const target = byId.get(state.workflowId);
    if (!target) {
      out.push(
        problem(
          [...path, "workflowId"],
          "sub_workflow_missing",
          "The workflow to run is not published (or was deleted): choose another or publish it first",
        ),
      );
      continue;
    }
    const version =
      typeof state.version === "number" ? target.versions.find((v) => v.version === state.version) : target.versions[0];
    if (!version) {
      out.push(problem([...path, "version"], "sub_workflow_version", `"${target.name}" has no version ${String(state.version)}`));
      continue;
    }
    if (version.input) out.push(...inputProblems(version.input, asRecord(state.input) ?? {}, [...path, "input"], target.name));
  }
  return out;
}

function inputProblems(schema: InputSchema, mapping: Loose, path: (string | number)[], name: string): Problem[] {
  const out: Problem[] = [];
  for (const field of schema.required ?? [])
    if (!(field in mapping) && schema.properties[field]?.default === undefined)
      out.push(problem([...path, field], "sub_workflow_input_missing", `"${name}" needs the input "${field}"`));
  for (const [key, value] of Object.entries(mapping)) {
    const field = schema.properties[key];
    if (!field) {
      if (schema.additionalProperties === false)
        out.push(problem([...path, key], "sub_workflow_input_unknown", `"${name}" has no input "${key}"`));
      continue;
    }
    // A fixed value (no expression) can be checked now; an expression's value only when the step runs.
    if (typeof value === "string" && expressionSources(value).length > 0) continue;
    for (const p of checkValue({ type: "object", properties: { [key]: field } }, { [key]: value }))
      out.push(problem([...path, key], "sub_workflow_input_invalid", p.message));
  }
  return out;
}
