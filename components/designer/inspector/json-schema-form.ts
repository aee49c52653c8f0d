/**
 * Reads an arbitrary JSON Schema (as an MCP server declares a tool's inputs,
 * or a workflow's FieldSchema) into the few shapes the forms can edit.
 * Anything else is edited as JSON.
 */
import type { Json } from "./object-edit";

export type FieldKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "json";

export interface FieldShape {
  kind: FieldKind;
  title?: string | undefined;
  description?: string | undefined;
  enum?: (string | number)[] | undefined;
  format?: string | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  default?: Json | undefined;
  /** For objects: the properties in order, with whether each is required. */
  properties?: { name: string; schema: unknown; required: boolean }[] | undefined;
  /** For arrays: the schema of the items. */
  items?: unknown;
}

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

const KINDS = new Set(["string", "number", "integer", "boolean", "object", "array"]);

/** The editable shape of a schema; { kind: "json" } when it has none. */
export function describeSchema(schema: unknown): FieldShape {
  const s = unwrapNullable(asRecord(schema) ?? {});
  const base = {
    title: str(s.title),
    description: str(s.description),
    default: s.default as Json | undefined,
  };
  if ("$ref" in s) return { kind: "json", ...base };
  const enumValues = enumOf(s);
  const kind = kindOf(s, enumValues);
  const shape: FieldShape = { kind, ...base };
  if (enumValues && (kind === "string" || kind === "number" || kind === "integer")) shape.enum = enumValues;
  if (kind === "string") shape.format = str(s.format);
  if (kind === "number" || kind === "integer") {
    shape.minimum = num(s.minimum) ?? num(s.exclusiveMinimum);
    shape.maximum = num(s.maximum) ?? num(s.exclusiveMaximum);
  }
  if (kind === "object") shape.properties = propertiesOf(s);
  if (kind === "array") shape.items = s.items;
  return shape;
}

/** `anyOf: [X, {type: "null"}]` and `type: [X, "null"]` read as X. */
function unwrapNullable(s: Loose): Loose {
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = s[key];
    if (!Array.isArray(options)) continue;
    const real = options.filter((o) => asRecord(o)?.type !== "null");
    const only = real.length === 1 ? asRecord(real[0]) : undefined;
    if (!only) return { ...s, type: "__mixed" };
    const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== key));
    return unwrapNullable({ ...only, ...rest });
  }
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== "null");
    return { ...s, type: types.length === 1 ? types[0] : "__mixed" };
  }
  return s;
}

function enumOf(s: Loose): (string | number)[] | undefined {
  const values = Array.isArray(s.enum) ? (s.enum as unknown[]) : "const" in s ? [s.const] : undefined;
  if (!values || values.length === 0) return undefined;
  const simple = values.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
  return simple.length === values.length ? simple : undefined;
}

function kindOf(s: Loose, enumValues: (string | number)[] | undefined): FieldKind {
  if (typeof s.type === "string") return KINDS.has(s.type) ? (s.type as FieldKind) : "json";
  if (s.type !== undefined) return "json";
  if (asRecord(s.properties)) return "object";
  if (s.items !== undefined) return "array";
  if (enumValues?.every((v) => typeof v === "string")) return "string";
  if (enumValues?.every((v) => typeof v === "number")) return "number";
  return "json";
}

function propertiesOf(s: Loose): { name: string; schema: unknown; required: boolean }[] {
  const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === "string") : []);
  return Object.entries(asRecord(s.properties) ?? {}).map(([name, schema]) => ({
    name,
    schema,
    required: required.has(name),
  }));
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/** A field's label: its title, else its name made readable ("customerId" -> "Customer id"). */
export function fieldLabel(name: string, shape: FieldShape): string {
  if (shape.title) return shape.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The value a new list item starts with. */
export function emptyValueFor(shape: FieldShape): Json {
  switch (shape.kind) {
    case "string":
      return typeof shape.enum?.[0] === "string" ? shape.enum[0] : "";
    case "number":
    case "integer":
      return typeof shape.enum?.[0] === "number" ? shape.enum[0] : 0;
    case "boolean":
      return false;
    case "object":
      return {};
    case "array":
      return [];
    case "json":
      return null;
  }
}

/** Whether a literal value fits a shape (wrong ones are shown in a JSON box instead). */
export function fitsShape(shape: FieldShape, value: unknown): boolean {
  switch (shape.kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return asRecord(value) !== undefined;
    case "array":
      return Array.isArray(value);
    case "json":
      return true;
  }
}

/** Format hints for text fields. */
export const FORMAT_HINTS: Record<string, string> = {
  email: "An email address",
  date: "A date, e.g. 2026-01-31",
  "date-time": "A date and time, e.g. 2026-01-31T09:00:00Z",
  uri: "A web address, e.g. https://example.com",
  uuid: "An identifier like 123e4567-e89b-12d3-a456-426614174000",
};
