/**
 * An input schema (or a group's properties) edited as an ordered list of
 * fields. Names are checked while typed; a field whose name is invalid or used
 * twice stays in the editor only.
 */
import { isValidFieldName, type FieldSchema, type FieldType } from "@/lib/workflow/input-schema";

export interface FieldRow {
  key: string;
  name: string;
  field: FieldSchema;
  required: boolean;
  /** The name stored before editing began: kept while the new name is not usable. */
  stored?: string | undefined;
}

export interface FieldList {
  properties: Record<string, FieldSchema>;
  required?: string[] | undefined;
}

export const TYPE_LABELS: Record<FieldType, string> = {
  string: "Text",
  number: "Number",
  integer: "Whole number",
  boolean: "Yes or no",
  object: "Group of fields",
  array: "List",
};

export function rowsFromList(list: FieldList): FieldRow[] {
  const required = new Set(list.required ?? []);
  return Object.entries(list.properties).map(([name, field], i) => ({
    key: `f${i}`,
    name,
    field,
    required: required.has(name),
    stored: name,
  }));
}

/** The fields that can be stored, in order (first of a name wins). */
export function listFromRows(rows: readonly FieldRow[]): FieldList {
  const properties: Record<string, FieldSchema> = {};
  const required: string[] = [];
  const usable = (name: string | undefined): name is string => name !== undefined && isValidFieldName(name);
  const wanted = new Set(rows.filter((r) => usable(r.name)).map((r) => r.name));
  for (const row of rows) {
    const name = usable(row.name) && !(row.name in properties) ? row.name : row.stored;
    if (!usable(name) || name in properties || (name !== row.name && wanted.has(name))) continue;
    properties[name] = row.field;
    if (row.required) required.push(name);
  }
  return required.length > 0 ? { properties, required } : { properties };
}

export function fieldNameProblems(rows: readonly FieldRow[]): (string | null)[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return rows.map((r) => {
    if (r.name === "") return "Give the field a name";
    if (!isValidFieldName(r.name)) return "Use letters, digits and _ only, starting with a letter (no spaces)";
    return (counts.get(r.name) ?? 0) > 1 ? "Two fields have this name" : null;
  });
}

/** A field of another type: what only fits the old type is dropped (allowed values, default, limits). */
export function withType(field: FieldSchema, type: FieldType): FieldSchema {
  const next: FieldSchema = { type };
  if (field.title !== undefined) next.title = field.title;
  if (field.description !== undefined) next.description = field.description;
  if (type === "object") next.properties = {};
  if (type === "array") next.items = { type: "string" };
  return next;
}

/** Allowed values typed one per line -> enum (numbers for number fields); undefined when none. */
export function enumFromText(text: string, type: FieldType): (string | number)[] | undefined {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length === 0) return undefined;
  if (type === "number" || type === "integer") {
    const numbers = lines.map(Number);
    return numbers.every((n) => Number.isFinite(n)) ? numbers : undefined;
  }
  return [...new Set(lines)];
}

/** A name for a new field that is not taken: field_1, field_2... */
export function newFieldName(rows: readonly FieldRow[]): string {
  const taken = new Set(rows.map((r) => r.name));
  for (let n = rows.length + 1; ; n++) if (!taken.has(`field_${n}`)) return `field_${n}`;
}
