/**
 * The workflow input schema: a deliberately small subset of JSON Schema that a
 * business analyst can edit as a list of fields, and that both the designer
 * (forms) and the server (run input validation) understand exactly.
 */
import { z } from "zod";
import { VARIABLE_NAME_PATTERN } from "./ids";

export const FIELD_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSchema {
  type: FieldType;
  title?: string | undefined;
  description?: string | undefined;
  enum?: (string | number)[] | undefined;
  /** What a person sees for each `enum` value, in order (MCP elicitation's titled choices: `oneOf: [{const, title}]`). */
  enumTitles?: string[] | undefined;
  default?: z.core.util.JSONType | undefined;
  format?: "email" | "date" | "date-time" | "uri" | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  items?: FieldSchema | undefined;
  properties?: Record<string, FieldSchema> | undefined;
  required?: string[] | undefined;
}

export const fieldSchema: z.ZodType<FieldSchema> = z.lazy(() =>
  z.strictObject({
    type: z.enum(FIELD_TYPES),
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    enum: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    enumTitles: z.array(z.string().max(200)).max(1000).optional(),
    default: z.json().optional(),
    format: z.enum(["email", "date", "date-time", "uri"]).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(0).optional(),
    items: fieldSchema.optional(),
    properties: z.record(z.string(), fieldSchema).optional(),
    required: z.array(z.string()).optional(),
  }),
);

export const inputSchema = z.strictObject({
  type: z.literal("object"),
  properties: z.record(z.string(), fieldSchema),
  required: z.array(z.string()).optional(),
  additionalProperties: z.boolean().optional(),
});
export type InputSchema = z.infer<typeof inputSchema>;

export interface ValueProblem {
  path: (string | number)[];
  message: string;
}

/** Checks a value (for example a run's input) against an input schema. */
export function checkValue(schema: InputSchema, value: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  checkObject(schema.properties, schema.required ?? [], schema.additionalProperties ?? true, value, [], problems);
  return problems;
}

function checkObject(
  properties: Record<string, FieldSchema>,
  required: string[],
  additional: boolean,
  value: unknown,
  path: (string | number)[],
  out: ValueProblem[],
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    out.push({ path, message: `must be an object, got ${describe(value)}` });
    return;
  }
  const record = value as Record<string, unknown>;
  for (const name of required) {
    if (record[name] === undefined || record[name] === null) out.push({ path: [...path, name], message: "is required" });
  }
  for (const [name, v] of Object.entries(record)) {
    const field = properties[name];
    if (field) {
      if (v !== undefined && v !== null) checkField(field, v, [...path, name], out);
    } else if (!additional) {
      out.push({ path: [...path, name], message: "is not an expected field" });
    }
  }
}

function checkField(field: FieldSchema, value: unknown, path: (string | number)[], out: ValueProblem[]): void {
  if (!matchesType(field.type, value)) {
    out.push({ path, message: `must be ${article(field.type)}, got ${describe(value)}` });
    return;
  }
  if (field.enum && !field.enum.includes(value as string | number)) {
    out.push({ path, message: `must be one of ${field.enum.map((e) => JSON.stringify(e)).join(", ")}` });
  }
  if (typeof value === "number") checkNumber(field, value, path, out);
  if (typeof value === "string") checkString(field, value, path, out);
  if (field.type === "array" && field.items && Array.isArray(value)) {
    const items = field.items;
    value.forEach((item: unknown, i) => checkField(items, item, [...path, i], out));
  }
  if (field.type === "object" && field.properties) {
    checkObject(field.properties, field.required ?? [], true, value, path, out);
  }
}

function checkNumber(field: FieldSchema, value: number, path: (string | number)[], out: ValueProblem[]): void {
  if (field.minimum !== undefined && value < field.minimum) out.push({ path, message: `must be at least ${field.minimum}` });
  if (field.maximum !== undefined && value > field.maximum) out.push({ path, message: `must be at most ${field.maximum}` });
}

const FORMATS: Record<NonNullable<FieldSchema["format"]>, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  uri: /^[a-z][a-z0-9+.-]*:\S+$/i,
};

function checkString(field: FieldSchema, value: string, path: (string | number)[], out: ValueProblem[]): void {
  if (field.minLength !== undefined && value.length < field.minLength) {
    out.push({ path, message: `must be at least ${field.minLength} characters` });
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    out.push({ path, message: `must be at most ${field.maxLength} characters` });
  }
  if (field.format && !FORMATS[field.format].test(value)) out.push({ path, message: `must be a valid ${field.format}` });
}

function matchesType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: FieldType): string {
  return type === "integer" ? "an integer" : type === "array" ? "a list" : type === "object" ? "an object" : `a ${type}`;
}

/** Field names in an input schema must be usable in expressions ($input.name). */
export function isValidFieldName(name: string): boolean {
  return VARIABLE_NAME_PATTERN.test(name);
}
