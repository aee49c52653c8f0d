/**
 * tRPC setup: superjson for dates (lib/transport/transformer.ts: JSON with reserved keys as text), and errors shaped for the UI: a readable
 * message, the problem list of an AppError, and zod input errors flattened.
 *
 * Access: every procedure is built from one of the role-checked builders below, which put its decision in
 * `meta.access` (lib/auth/roles.ts says which roles each level lets in). The check runs on the server before the
 * input is parsed; server/api/access.int.test.ts calls every procedure as every role.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { transformer } from "@/lib/transport/transformer";
import { z } from "zod";
import type { AppContext } from "../context";
import { isAppError, type AppErrorKind } from "@/lib/errors";
import { zodProblems } from "@/lib/workflow/validate";
import { allows, type Access } from "@/lib/auth/roles";
import { authenticate } from "../auth/authenticate";
import { bearerToken, crossSiteProblem } from "../auth/request-info";
import { getEnv } from "../env";
import type { Actor } from "../auth/actor";
import { crossSiteRefused, notSignedIn, roleRefused } from "./refusals";

export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<AppContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          problems: isAppError(cause) ? cause.problems : cause instanceof z.ZodError ? zodProblems(cause, []) : [],
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

/** Turns AppErrors thrown by services (and by the access checks below) into tRPC errors with the right code. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
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

/**
 * Who calls (null: nobody signed in); mutations must come from this app's pages unless they carry
 * `Authorization: Bearer` (an API token, or SWITCHYARD_EVENTS_TOKEN on POST /api/events in local mode), the rule of
 * request-guard.ts: a browser cannot send that header to another site without the site's consent.
 */
const identify = t.middleware(async ({ ctx, meta, path, type, next }) => {
  if (!meta?.access) throw new TRPCError({ code: "FORBIDDEN", message: `${path} has no access decision` });
  const actor = await actorOf(ctx);
  if (type === "mutation" && ctx.http && !bearerToken(ctx.http.req)) {
    const problem = crossSiteProblem(ctx.http.req);
    if (problem) throw crossSiteRefused(problem);
  }
  return next({ ctx: { actor } });
});

/** The role check: the procedure's `meta.access` against the caller's role (refusals worded as in refusals.ts). */
const authorize = t.middleware(({ ctx, meta, next }) => {
  const actor = (ctx as { actor?: Actor | null }).actor ?? null;
  const access = meta?.access ?? "admin";
  if (!actor) throw notSignedIn();
  if (!allows(actor.role, access)) throw roleRefused(actor.role, access);
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
