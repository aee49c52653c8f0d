/**
 * tRPC setup: superjson for dates, and errors shaped for the UI: a readable
 * message, the problem list of an AppError, and zod input errors flattened.
 *
 * Access: every procedure is built from one of the role-checked builders below, which put its decision in
 * `meta.access` (lib/auth/roles.ts says which roles each level lets in). The check runs on the server before the
 * input is parsed; server/api/access.int.test.ts calls every procedure as every role.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { AppContext } from "../context";
import { AppError, type AppErrorKind } from "@/lib/errors";
import { zodProblems } from "@/lib/workflow/validate";
import { allows, type Access } from "@/lib/auth/roles";
import { authenticate } from "../auth/authenticate";
import { crossSiteProblem } from "../auth/request-info";
import { getEnv } from "../env";
import type { Actor } from "../auth/actor";

export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<AppContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          problems: cause instanceof AppError ? cause.problems : cause instanceof z.ZodError ? zodProblems(cause, []) : [],
          zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
        },
      };
    },
  });

const CODES: Record<AppErrorKind, TRPCError["code"]> = {
  not_found: "NOT_FOUND",
  invalid: "BAD_REQUEST",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
  unavailable: "SERVICE_UNAVAILABLE",
  unauthorized: "UNAUTHORIZED",
  rate_limited: "TOO_MANY_REQUESTS",
};

/** Turns AppErrors thrown by services into tRPC errors with the right code. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.kind], message: cause.message, cause });
  }
  return result;
});

/** One look-up of the caller per HTTP request, however many procedures a batch holds. */
const actors = new WeakMap<Request, Promise<Actor | null>>();
function actorOf(ctx: AppContext): Promise<Actor | null> {
  if (!ctx.http) return authenticate(ctx.db, getEnv(), undefined);
  let actor = actors.get(ctx.http.req);
  if (!actor) {
    actor = authenticate(ctx.db, getEnv(), ctx.http);
    actors.set(ctx.http.req, actor);
  }
  return actor;
}

/** Who calls (null: nobody signed in); mutations sent by a browser with a cookie must come from this app's pages. */
const identify = t.middleware(async ({ ctx, meta, path, type, next }) => {
  if (!meta?.access) throw new TRPCError({ code: "FORBIDDEN", message: `${path} has no access decision` });
  const actor = await actorOf(ctx);
  if (type === "mutation" && ctx.http && actor?.kind !== "token") {
    const problem = crossSiteProblem(ctx.http.req);
    if (problem) throw new TRPCError({ code: "FORBIDDEN", message: `Refused: ${problem}` });
  }
  return next({ ctx: { actor } });
});

/** The role check: the procedure's `meta.access` against the caller's role. */
const authorize = t.middleware(({ ctx, meta, path, next }) => {
  const actor = (ctx as { actor?: Actor | null }).actor ?? null;
  const access = meta?.access ?? "admin";
  if (!actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  if (!allows(actor.role, access))
    throw new TRPCError({ code: "FORBIDDEN", message: `A ${actor.role} may not do this (${path} needs ${access})` });
  return next({ ctx: { actor } });
});

const base = t.procedure.use(appErrors).use(identify);
const requires = (access: Exclude<Access, "anonymous">) => base.meta({ access }).use(authorize);

export const router = t.router;
/** No sign-in needed: sign-in, first-start setup, health. */
export const anonymousProcedure = base.meta({ access: "anonymous" });
/** Any signed-in person: reading, and their own account. */
export const viewerProcedure = requires("viewer");
/** Designers (and admins): create, edit, publish workflows. */
export const designerProcedure = requires("designer");
/** Designers and operators (and admins): start runs. */
export const runnerProcedure = requires("runner");
/** Operators (and admins): escalations, cancelling and re-running runs. */
export const operatorProcedure = requires("operator");
/** Admins only: users, servers, secrets, settings, the audit log. */
export const adminProcedure = requires("admin");
export const createCallerFactory = t.createCallerFactory;
