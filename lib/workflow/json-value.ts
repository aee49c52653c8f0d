/**
 * Zod schemas for JSON that must be kept exactly as sent (event payloads, run inputs, a person's form data). zod's own
 * `z.json()` and `z.record()` build a new object by assignment, which silently drops a key named `__proto__` (issue
 * 15); these check the value and hand back the very value they were given.
 */
import { z } from "zod";
import { MAX_JSON_DEPTH } from "./json-depth";

/** Whether v is JSON (finite numbers, plain objects and arrays), nested at most `max` levels; iterative. */
export function isJsonValue(v: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (x === null || typeof x === "string" || typeof x === "boolean") continue;
    if (typeof x === "number") {
      if (!Number.isFinite(x)) return false;
      continue;
    }
    if (typeof x !== "object" || depth >= max) return false;
    if (Array.isArray(x)) {
      for (const item of x) stack.push([item, depth + 1]);
      continue;
    }
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    for (const item of Object.values(x)) stack.push([item, depth + 1]);
  }
  return true;
}

const message = `must be JSON nested at most ${MAX_JSON_DEPTH} levels`;

/** Any JSON value, kept as given. */
export const exactJson = () => z.custom<unknown>((v) => isJsonValue(v), { message });

/** A JSON object, kept as given. */
export const exactJsonObject = () =>
  z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v) && isJsonValue(v), {
    message: `must be a JSON object nested at most ${MAX_JSON_DEPTH} levels`,
  });
