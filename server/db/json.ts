import type { Prisma } from "./generated/sqlite/client";

/** A JSON document (already validated as JSON by its caller) as a Prisma Json column value. */
export function jsonValue(value: object): Prisma.InputJsonValue {
  // tsc needs this assertion; the ESLint type service resolves the generated type loosely and calls it unnecessary.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return value as Prisma.InputJsonValue;
}

/** SQL NULL for a nullable Json column (the runtime value is shared by both generated clients). */
export { DbNull } from "./generated/sqlite/internal/prismaNamespace";

/** Whether a JSON value has a key named `__proto__` anywhere (Prisma's JSON writer drops such keys). */
export function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, "__proto__")) return true;
    for (const child of Array.isArray(v) ? (v as unknown[]) : Object.values(v)) stack.push(child);
  }
  return false;
}

/**
 * A JSON value from outside as a Json column's content, wrapped so that any value fits: `{value}`, or `{json: text}`
 * when it has a `__proto__` key, which Prisma would silently drop (read back with `unwrapJson`).
 */
export function wrapJson(value: unknown): Prisma.InputJsonValue {
  return jsonValue(hasProtoKey(value) ? { json: JSON.stringify(value) } : { value });
}

export function unwrapJson(wrapped: unknown): unknown {
  if (!wrapped || typeof wrapped !== "object") return null;
  if ("json" in wrapped && typeof wrapped.json === "string") return JSON.parse(wrapped.json) as unknown;
  return "value" in wrapped ? wrapped.value : null;
}
