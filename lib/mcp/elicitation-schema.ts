/**
 * MCP elicitation (`elicitation/create`): a server asks the person behind the
 * client for a few values, with a flat JSON Schema of primitive fields. The
 * inbox shows it as a form; here the requested schema becomes the small input
 * schema the rest of the product already renders and checks.
 */
import type { FieldSchema, InputSchema } from "@/lib/workflow/input-schema";

type Json = Record<string, unknown>;

const FORMATS = new Set(["email", "date", "date-time", "uri"]);

/** Turns an elicitation's `requestedSchema` into an input schema; fields of kinds we cannot show become text. */
export function elicitationFormSchema(requested: unknown): InputSchema {
  const schema = isObject(requested) ? requested : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const fields: Record<string, FieldSchema> = {};
  for (const [name, raw] of Object.entries(properties)) fields[name] = toField(isObject(raw) ? raw : {});
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === "string" && r in fields)
    : [];
  return { type: "object", properties: fields, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

function toField(p: Json): FieldSchema {
  const base = {
    ...(typeof p.title === "string" ? { title: p.title } : {}),
    ...(typeof p.description === "string" ? { description: p.description } : {}),
  };
  const options = enumOf(p);
  if (options) return { type: "string", ...base, ...choices(options), ...defaultOf(p, "string") };
  if (p.type === "array") {
    // A multi-select: `items` with `enum`, or titled `anyOf`/`oneOf` choices.
    const items = isObject(p.items) ? enumOf(p.items) : null;
    const chosen = Array.isArray(p.default) ? p.default.filter((v): v is string => typeof v === "string") : null;
    return {
      type: "array",
      ...base,
      ...(items ? { items: { type: "string", ...choices(items) } } : {}),
      ...(chosen && items ? { default: chosen } : {}),
    };
  }
  if (p.type === "boolean") return { type: "boolean", ...base, ...defaultOf(p, "boolean") };
  if (p.type === "number" || p.type === "integer") {
    return {
      type: p.type,
      ...base,
      ...(typeof p.minimum === "number" ? { minimum: p.minimum } : {}),
      ...(typeof p.maximum === "number" ? { maximum: p.maximum } : {}),
      ...defaultOf(p, "number"),
    };
  }
  return {
    type: "string",
    ...base,
    ...(typeof p.format === "string" && FORMATS.has(p.format) ? { format: p.format as FieldSchema["format"] } : {}),
    ...(typeof p.minLength === "number" ? { minLength: p.minLength } : {}),
    ...(typeof p.maxLength === "number" ? { maxLength: p.maxLength } : {}),
    ...defaultOf(p, "string"),
  };
}

interface Choice {
  value: string;
  title: string | null;
}

/** `enum` (titles from the legacy `enumNames`), or the titled form `oneOf`/`anyOf: [{const, title}]`. */
function enumOf(p: Json): Choice[] | null {
  if (Array.isArray(p.enum)) {
    const names = Array.isArray(p.enumNames) ? p.enumNames : [];
    return p.enum.flatMap((v, i) =>
      typeof v === "string" ? [{ value: v, title: typeof names[i] === "string" ? names[i] : null }] : [],
    );
  }
  const variants = Array.isArray(p.oneOf) ? p.oneOf : Array.isArray(p.anyOf) ? p.anyOf : null;
  if (!variants) return null;
  const values = variants.map((v) =>
    isObject(v) && typeof v.const === "string" ? { value: v.const, title: typeof v.title === "string" ? v.title : null } : null,
  );
  return values.every((v) => v !== null) && values.length > 0 ? values : null;
}

/** The values that go back to the server, and what the person sees for each when the server titled them. */
function choices(options: Choice[]): Pick<FieldSchema, "enum" | "enumTitles"> {
  const titled = options.some((o) => o.title !== null);
  return { enum: options.map((o) => o.value), ...(titled ? { enumTitles: options.map((o) => o.title ?? o.value) } : {}) };
}

function defaultOf(p: Json, type: "string" | "number" | "boolean"): Pick<FieldSchema, "default"> {
  return typeof p.default === type ? { default: p.default as string | number | boolean } : {};
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * An answer with the form's defaults filled in for the fields it leaves out: what the browser's form shows, and what
 * a server told `applyDefaults` expects, so an answer over the API that omits a field with a default is not refused.
 */
export function withFormDefaults(form: InputSchema, content: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...content };
  for (const [name, field] of Object.entries(form.properties)) {
    if (filled[name] === undefined && field.default !== undefined) filled[name] = field.default;
  }
  return filled;
}
