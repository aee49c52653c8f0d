/**
 * How a plain HTTP route (http-routes.ts) does its work: it calls the tRPC procedure through a server-side caller built
 * on the route's own request, so access, validation and audit are the procedure's (one place for each), and turns
 * what the call throws back into the AppError the route answers with (http.ts#handle gives it its status and body).
 */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AppContext } from "../context";
import type { inferRouterInputs } from "@trpc/server";
import { appRouter, type AppRouter } from "./root";
import { createCallerFactory } from "./trpc";
import { AppError, isAppError } from "@/lib/errors";
import { zodProblems } from "@/lib/workflow/validate";
import type { Access } from "@/lib/auth/roles";

const createCaller = createCallerFactory(appRouter);

/** A caller of every procedure as the route's request (its cookie or bearer token; no Set-Cookie: routes send none). */
export function callerFor(ctx: AppContext, req: Request) {
  return createCaller({ ...ctx, http: { req }, via: "http" });
}

/**
 * The input type of a procedure. A route passes what the request holds as this type unchecked: the procedure's schema
 * checks it (and the route words a refusal with its InvalidInput).
 */
export type Input<R extends keyof Inputs, P extends keyof Inputs[R]> = Inputs[R][P];
type Inputs = inferRouterInputs<AppRouter>;

type Procedure = { _def: { meta?: { access?: Access } } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

/** The access level of a procedure (`meta.access`), for ROUTE_ACCESS: a route's level is its procedure's. */
export function accessOf(path: string): Access {
  const access = procedures[path]?._def.meta?.access;
  if (!access) throw new Error(`There is no procedure ${path}`);
  return access;
}

/** How a route words an input its procedure's schema refused (its answer from before it called the procedure). */
export type InvalidInput = (error: z.ZodError) => AppError;

export const invalidRequest: InvalidInput = (error) => {
  const problems = zodProblems(error, []);
  return new AppError("invalid", `The request has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, problems);
};

/**
 * Runs one procedure call: an AppError (a service's, or the access check's) comes back as it is, an input the
 * procedure's zod schema refused as `invalid(error)`; anything else is thrown on (a 500, logged by `handle`).
 */
export async function viaProcedure<T>(call: () => Promise<T>, invalid: InvalidInput = invalidRequest): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    if (isAppError(err.cause)) throw err.cause;
    if (err.cause instanceof z.ZodError) throw invalid(err.cause);
    throw err.cause ?? err;
  }
}
