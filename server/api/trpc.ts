/**
 * tRPC setup: superjson for dates, and errors shaped for the UI: a readable
 * message, the problem list of an AppError, and zod input errors flattened.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { AppContext } from "../context";
import { AppError, type AppErrorKind } from "./errors";
import { zodProblems } from "@/lib/workflow/validate";

const t = initTRPC.context<AppContext>().create({
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

export const router = t.router;
export const publicProcedure = t.procedure.use(appErrors);
export const createCallerFactory = t.createCallerFactory;
