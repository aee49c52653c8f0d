/** The tRPC API called in-process, for tests of input validation: only the database is real. */
import { appRouter } from "../api/root";
import { createCallerFactory } from "../api/trpc";
import type { AppContext } from "../context";
import type { Db } from "../db/client";

export function createCaller(db: Db) {
  const missing = (what: string) => () => {
    throw new Error(`${what} is not available in this test`);
  };
  const ctx = {
    db,
    get box(): never {
      return missing("The secret box")();
    },
    get pool(): never {
      return missing("The MCP pool")();
    },
    engine: missing("The engine"),
  } satisfies AppContext;
  return createCallerFactory(appRouter)(ctx);
}
