/** The tRPC API called in-process, for tests of input validation: only the database is real. */
import { appRouter } from "../api/root";
import { createCallerFactory } from "../api/trpc";
import type { AppContext } from "../context";
import type { Db } from "../db/client";

export function createCaller(db: Db) {
  const missing = (what: string) => () => {
    throw new Error(`${what} is not available in this test`);
  };
  // Stand-ins that fail on first use (tRPC copies the context, so they must survive being copied).
  const unavailable = <T extends object>(what: string) => new Proxy({}, { get: missing(what) }) as T;
  const ctx = {
    db,
    box: unavailable<AppContext["box"]>("The secret box"),
    pool: unavailable<AppContext["pool"]>("The MCP pool"),
    control: missing("The executor"),
  } satisfies AppContext;
  return createCallerFactory(appRouter)(ctx);
}
