import type { Prisma } from "./generated/sqlite/client";

/** A JSON document (already validated as JSON by its caller) as a Prisma Json column value. */
export function jsonValue(value: object): Prisma.InputJsonValue {
  // tsc needs this assertion; the ESLint type service resolves the generated type loosely and calls it unnecessary.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return value as Prisma.InputJsonValue;
}

/** SQL NULL for a nullable Json column (the runtime value is shared by both generated clients). */
export { DbNull } from "./generated/sqlite/internal/prismaNamespace";
