/** Small immutable helpers shared by the inspector forms. */
import type { z } from "zod";

export type Json = z.core.util.JSONType;
export type JsonRecord = Record<string, Json>;

/** Whether a value means "not set": undefined, or an empty string. */
export function isUnset(value: unknown): value is undefined | "" {
  return value === undefined || value === "";
}

/**
 * A copy of `obj` with `key` set to `value`, or without `key` when the value
 * is unset (undefined or ""): optional keys are removed, never left empty.
 */
export function withField<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (isUnset(value)) delete next[key];
  else next[key] = value;
  return next;
}

/** Undefined for an empty record or array, the value otherwise. */
export function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.length : Object.keys(value).length) === 0 ? undefined : value;
}

/** A record with `key` set to `value`, or removed when the value is unset. */
export function withEntry<V>(record: Record<string, V> | undefined, key: string, value: V | undefined): Record<string, V> {
  const next = { ...record };
  if (isUnset(value)) delete next[key];
  else next[key] = value;
  return next;
}

/** Moves the item at `index` by `delta` places (clamped); a new array. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(items.length - 1, index + delta));
  if (to === index || index < 0 || index >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** Whether two JSON-like values are equal (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** A React key not used by any of `items` ("n1", "n2"...). */
export function freshKey(items: readonly { key: string }[]): string {
  const used = new Set(items.map((i) => i.key));
  for (let n = items.length + 1; ; n++) if (!used.has(`n${n}`)) return `n${n}`;
}
