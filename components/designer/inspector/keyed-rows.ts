/**
 * A record edited as a list of rows (name -> value). While a name is empty,
 * invalid or used twice the row lives only in the editor; the record holds
 * the rows that are complete, in order, first name wins.
 */
import { RESERVED_VARIABLES, VARIABLE_NAME_PATTERN } from "@/lib/workflow/ids";
import type { Json, JsonRecord } from "./object-edit";

export interface KeyedRow {
  /** A stable key for React, not stored. */
  key: string;
  name: string;
  value: Json | undefined;
  /** The name stored before editing began: kept while the new name is not usable. */
  stored?: string | undefined;
}

export function rowsFromRecord(record: JsonRecord | undefined): KeyedRow[] {
  return Object.entries(record ?? {}).map(([name, value], i) => ({ key: `r${i}`, name, value, stored: name }));
}

/** The rows that can be stored, as a record; undefined when none. */
export function recordFromRows(rows: readonly KeyedRow[], nameProblem: (name: string) => string | null): JsonRecord | undefined {
  const out: JsonRecord = {};
  const usable = (name: string | undefined): name is string => name !== undefined && nameProblem(name) === null;
  const wanted = new Set(rows.filter((r) => usable(r.name)).map((r) => r.name));
  for (const row of rows) {
    if (row.value === undefined) continue;
    const name = usable(row.name) && !(row.name in out) ? row.name : row.stored;
    if (usable(name) && !(name in out) && (name === row.name || !wanted.has(name))) out[name] = row.value;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** What is wrong with each row's name (null when fine), duplicates included. */
export function rowProblems(rows: readonly KeyedRow[], nameProblem: (name: string) => string | null): (string | null)[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return rows.map((r) => {
    if (r.name === "") return r.value === undefined ? null : "Give it a name";
    return nameProblem(r.name) ?? ((counts.get(r.name) ?? 0) > 1 ? "This name is used twice" : null);
  });
}

/** Problems with a variable name in words, or null. */
export function variableNameProblem(name: string): string | null {
  if (name === "") return "Give it a name";
  if ((RESERVED_VARIABLES as readonly string[]).includes(name)) return `"${name}" is reserved; choose another name`;
  if (!VARIABLE_NAME_PATTERN.test(name)) {
    return "Use letters, digits and _ only, starting with a letter (no spaces)";
  }
  return null;
}

/** Problems with a label shown to people (context of a person's task), or null. */
export function labelProblem(name: string): string | null {
  if (name.trim() === "") return "Give it a label";
  return name.length > 200 ? "At most 200 characters" : null;
}

/** Rows begun but not stored (a name without a value, a value without a usable name). */
export function unstoredRows(rows: readonly KeyedRow[], problems: readonly (string | null)[]): number {
  return rows.filter((r, i) => (r.name !== "" || r.value !== undefined) && (problems[i] != null || r.value === undefined)).length;
}
