/**
 * The fields of a step's result, read from its output schema (an MCP tool's
 * `outputSchema`, an agent step's structured answer), as data paths the
 * designer offers: "$customer.tier" after `customer = {% $result %}`.
 * Schemas come from MCP servers: read loosely and bounded (depth, count).
 */
import type { ScopeVariable } from "./scope";

type Loose = Record<string, unknown>;

/** How deep nested objects are offered ("$order.shipping.address.city" is depth 3). */
const MAX_DEPTH = 3;
/** At most this many fields of one result. */
const MAX_FIELDS = 60;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** "string", or the first non-null type of ["string", "null"]. */
function typeOf(schema: Loose): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null");
  if (asRecord(schema.properties)) return "object";
  return undefined;
}

function describe(schema: Loose): string | undefined {
  const text = typeof schema.title === "string" ? schema.title : schema.description;
  return typeof text === "string" && text.trim() !== "" ? text.slice(0, 200) : undefined;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The schema of `path` inside `schema` (a property name, or "[]" for an item of a list), or undefined. */
export function subSchema(schema: unknown, path: readonly string[]): Loose | undefined {
  let at = asRecord(schema);
  for (const name of path) {
    at = name === "[]" ? asRecord(at?.items) : asRecord(asRecord(at?.properties)?.[name]);
    if (!at) return undefined;
  }
  return at;
}

/**
 * The data paths below `prefix` that `schema` describes: each property (nested
 * objects flattened to dotted paths), with its type and title or description.
 * Names that are not plain identifiers are left out (a path could not read them).
 */
export function schemaFields(schema: unknown, prefix: string, source: string): ScopeVariable[] {
  const out: ScopeVariable[] = [];
  const walk = (at: Loose, path: string, depth: number) => {
    for (const [name, value] of Object.entries(asRecord(at.properties) ?? {})) {
      const field = asRecord(value);
      if (!field || !NAME.test(name) || out.length >= MAX_FIELDS) continue;
      const fieldPath = `${path}.${name}`;
      out.push({ path: fieldPath, source, type: typeOf(field), description: describe(field) });
      if (depth < MAX_DEPTH && typeOf(field) === "object") walk(field, fieldPath, depth + 1);
    }
  };
  const root = asRecord(schema);
  if (root) walk(root, prefix, 1);
  return out;
}

const RESULT_PATH = /^\{%\s*\$results?((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\s*%\}$/;
const VARIABLE_PATH = /^\{%\s*\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\s*%\}$/;

function pathParts(text: string): string[] {
  return [...text.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[\d+\]/g)].map((m) => m[1] ?? "[]");
}

/** "{% $customer.tier %}" -> { name: "customer", path: ["tier"] }; null for anything else. */
export function variablePathOf(value: unknown): { name: string; path: string[] } | null {
  if (typeof value !== "string") return null;
  const match = VARIABLE_PATH.exec(value.trim());
  return match?.[1] ? { name: match[1], path: pathParts(match[2] ?? "") } : null;
}

/**
 * What part of the result an assignment keeps: [] for "{% $result %}",
 * ["customer"] for "{% $result.customer %}", ["results", "[]"] for
 * "{% $result.results[0] %}" (an item of a list), null for anything else. A parallel
 * step's `$results` (its branches' outputs by name) reads the same way.
 */
export function resultPathOf(value: unknown): string[] | null {
  if (typeof value !== "string") return null;
  const match = RESULT_PATH.exec(value.trim());
  if (!match) return null;
  return pathParts(match[1] ?? "");
}

/**
 * The fields of the variables a step assigns from its result, given the
 * schema of that result: `{ customer: "{% $result %}" }` with a schema of
 * {id, tier} gives $customer.id and $customer.tier.
 */
export function assignedFields(state: unknown, resultSchema: unknown, source: string): Map<string, ScopeVariable[]> {
  const out = new Map<string, ScopeVariable[]>();
  const assign = asRecord(asRecord(state)?.assign);
  if (!assign || !asRecord(resultSchema)) return out;
  for (const [name, value] of Object.entries(assign)) {
    const path = resultPathOf(value);
    if (path === null) continue;
    const schema = subSchema(resultSchema, path);
    if (!schema) continue;
    out.set(name, schemaFields(schema, `$${name}`, source));
  }
  return out;
}

/** The type of the variable itself when it keeps a part of the result with a known schema. */
export function assignedType(state: unknown, resultSchema: unknown, name: string): string | undefined {
  const path = resultPathOf(asRecord(asRecord(state)?.assign)?.[name]);
  const schema = path === null ? undefined : subSchema(resultSchema, path);
  return schema ? typeOf(schema) : undefined;
}
