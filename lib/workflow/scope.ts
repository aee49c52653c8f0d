/**
 * The data a state can read: the workflow input and every variable assigned by
 * a state that can run before it. Feeds the designer's expression autocomplete.
 */
import { allEdges, canReach } from "./graph";
import type { FieldSchema, InputSchema } from "./input-schema";
import { assignedFields, assignedType, resultPathOf, schemaFields, subSchema, variablePathOf } from "./output-fields";

export interface ScopeVariable {
  /** The JSONata path to insert, e.g. "$input.customerId" or "$customer". */
  path: string;
  /** Where it comes from, shown beside it: "Workflow input", "Set by Look up customer". */
  source: string;
  /** A field type when known ("string", "number", ...). */
  type?: string | undefined;
  description?: string | undefined;
}

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** $input and its fields, nested objects flattened to dotted paths. */
export function inputVariables(input: InputSchema | undefined): ScopeVariable[] {
  const out: ScopeVariable[] = [{ path: "$input", source: "Workflow input", type: "object" }];
  const walk = (prefix: string, props: Record<string, FieldSchema> | undefined) => {
    for (const [name, field] of Object.entries(props ?? {})) {
      const path = `${prefix}.${name}`;
      out.push({ path, source: "Workflow input", type: field.type, description: field.title ?? field.description });
      if (field.type === "object") walk(path, field.properties);
    }
  };
  walk("$input", input?.properties);
  return out;
}

/** Variables a state assigns (its `assign` map and its catch routes' assigns). */
export function assignedBy(state: unknown): string[] {
  const s = asRecord(state);
  if (!s) return [];
  const names = Object.keys(asRecord(s.assign) ?? {});
  if (Array.isArray(s.catch)) {
    for (const c of s.catch) names.push(...Object.keys(asRecord(asRecord(c)?.assign) ?? {}));
  }
  return [...new Set(names)];
}

function titleOf(id: string, state: unknown): string {
  const title = asRecord(state)?.title;
  return typeof title === "string" && title.trim() !== "" ? title : id;
}

/**
 * The JSON Schema of a state's result ($result), when known: a tool's output
 * schema from the catalog (the designer passes it), an agent step's answer.
 */
export type ResultSchemaOf = (state: Loose) => unknown;

/** An agent step's structured answer; tools need the catalog (see ResultSchemaOf). */
export const ownResultSchema: ResultSchemaOf = (state) => (state.type === "agent" ? state.output : undefined);

/**
 * Everything readable inside `stateId`: the input, variables assigned by the
 * states that can run before it (with the fields of their results when the
 * result's schema is known), and the bindings of the state itself ($result in
 * a tool's assign, $decision after a human step, $error in a catch).
 */
export function scopeAt(
  definition: { input?: InputSchema | undefined; states: Record<string, unknown> },
  stateId: string,
  resultSchemaOf: ResultSchemaOf = ownResultSchema,
): ScopeVariable[] {
  const states = definition.states;
  const edges = allEdges(states);
  const before = canReach([stateId], edges);
  // canReach includes the state itself; it reads its own earlier visits only in loops.
  if (!hasCycleThrough(stateId, edges)) before.delete(stateId);
  const vars = inputVariables(definition.input);
  const seen = new Set(vars.map((v) => v.path));
  for (const id of [...before].sort()) {
    const state = states[id];
    const source = `Set by ${titleOf(id, state)}`;
    const schema = resultOf(state, resultSchemaOf);
    const fields = assignedFields(state, schema, source);
    for (const name of assignedBy(state)) {
      const path = `$${name}`;
      if (seen.has(path)) continue;
      seen.add(path);
      vars.push({ path, source, type: assignedType(state, schema, name) });
      for (const field of fields.get(name) ?? []) {
        if (seen.has(field.path)) continue;
        seen.add(field.path);
        vars.push(field);
      }
    }
  }
  const own = asRecord(states[stateId]);
  if (own?.type === "tool" || own?.type === "agent") {
    const source = "This step's result (in what to keep)";
    vars.push({ path: "$result", source });
    vars.push(...schemaFields(resultOf(own, resultSchemaOf), "$result", source));
  }
  if (own?.type === "human") vars.push({ path: "$decision", source: "The person's answer (in what to keep)", type: "object" });
  if (own?.type === "waitForEvent") {
    vars.push({ path: "$event.payload", source: "The event's data (in what to keep)", type: "object" });
    vars.push({ path: "$event.key", source: "The event's correlation key (in what to keep)", type: "string" });
  }
  vars.push({ path: "$run.id", source: "This run", type: "string" });
  return vars;
}

function resultOf(state: unknown, resultSchemaOf: ResultSchemaOf): unknown {
  const s = asRecord(state);
  if (!s) return undefined;
  return s.type === "parallel" ? parallelResult(s, resultSchemaOf) : resultSchemaOf(s);
}

/**
 * A parallel step's `$results`: an object with each branch's output, known when the branch's succeed state outputs a
 * variable (or a part of one) that a step of the branch keeps from a result of known schema.
 */
function parallelResult(state: Loose, resultSchemaOf: ResultSchemaOf): unknown {
  const properties: Record<string, unknown> = {};
  for (const [name, branch] of Object.entries(asRecord(state.branches) ?? {})) {
    const schema = branchOutput(asRecord(asRecord(branch)?.states) ?? {}, resultSchemaOf);
    if (schema) properties[name] = schema;
  }
  return Object.keys(properties).length > 0 ? { type: "object", properties } : undefined;
}

function branchOutput(states: Loose, resultSchemaOf: ResultSchemaOf): unknown {
  const succeed = Object.values(states)
    .map(asRecord)
    .find((s) => s?.type === "succeed" && s.output !== undefined);
  const output = variablePathOf(succeed?.output);
  if (!output) return undefined;
  for (const inner of Object.values(states).map(asRecord)) {
    const kept = resultPathOf(asRecord(inner?.assign)?.[output.name]);
    if (!inner || kept === null) continue;
    const schema = subSchema(resultOf(inner, resultSchemaOf), kept);
    return schema ? subSchema(schema, output.path) : undefined;
  }
  return undefined;
}

function hasCycleThrough(stateId: string, edges: ReturnType<typeof allEdges>): boolean {
  const from = edges.filter((e) => e.from === stateId).map((e) => e.to);
  const reachesBack = canReach([stateId], edges);
  return from.some((t) => reachesBack.has(t));
}
