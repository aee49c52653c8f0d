import { z } from "zod";
import { anonymousProcedure, router, viewerProcedure } from "../trpc";
import { getEnv } from "../../env";
import { needsSetup, publicUser, setupFirstAdmin } from "../../auth/users";
import { signIn } from "../../auth/sign-in";
import { createSession, deleteOtherSessions, deleteSession } from "../../auth/sessions";
import { clearedSessionCookie, clientAddress, readCookie, SESSION_COOKIE, sessionCookie } from "../../auth/request-info";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyPassword } from "../../auth/password";
import { recordAudit } from "../../auth/audit";
import { AppError } from "@/lib/errors";
import { audit } from "../audit-context";
import type { AppContext } from "../../context";
import { problem } from "@/lib/workflow/problems";

const email = z.email({ error: "Enter an email address" }).max(200);
const password = z.string().min(1, "Enter the password").max(MAX_PASSWORD_LENGTH);
const name = z.string().trim().min(1, "Enter a name").max(100);

function setCookie(ctx: AppContext, cookie: string): void {
  ctx.http?.resHeaders?.append("Set-Cookie", cookie);
}

function newPasswordCheck(value: string, path: string): void {
  const why = passwordProblem(value);
  if (why) throw new AppError("invalid", why, [problem([path], "password", why)]);
}

export const authRouter = router({
  /** The mode, whether the first admin is still to be created, and who is signed in (null: nobody). */
  status: anonymousProcedure.query(async ({ ctx }) => {
    const env = getEnv();
    const setup = env.AUTH_MODE === "accounts" && (await needsSetup(ctx.db));
    const me = ctx.actor
      ? { name: ctx.actor.name, email: ctx.actor.email, role: ctx.actor.role, groups: ctx.actor.groups }
      : null;
    return { mode: env.AUTH_MODE, needsSetup: setup, me };
  }),

  /** First start: creates the first admin and signs them in. Refused once anyone exists. */
  setup: anonymousProcedure.input(z.object({ email, name, password })).mutation(async ({ ctx, input }) => {
    const env = getEnv();
    if (env.AUTH_MODE !== "accounts") throw new AppError("invalid", "Local mode has no accounts: set SWITCHYARD_AUTH=accounts");
    newPasswordCheck(input.password, "password");
    const user = await setupFirstAdmin(ctx.db, input);
    const address = clientAddress(ctx.http?.req);
    await recordAudit(ctx.db, { actor: user.email, action: "auth.setup", target: user.id, detail: "first admin", address });
    const now = new Date();
    await ctx.db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    const session = await createSession(ctx.db, user.id, { now, days: env.SWITCHYARD_SESSION_DAYS, address });
    if (ctx.http) setCookie(ctx, sessionCookie(ctx.http.req, session.token, session.expiresAt));
    return { user };
  }),

  signIn: anonymousProcedure.input(z.object({ email, password })).mutation(async ({ ctx, input }) => {
    const env = getEnv();
    if (env.AUTH_MODE !== "accounts") throw new AppError("invalid", "Local mode has no sign-in");
    const result = await signIn(ctx.db, env, { ...input, address: clientAddress(ctx.http?.req) });
    if (ctx.http) setCookie(ctx, sessionCookie(ctx.http.req, result.token, result.expiresAt));
    return { user: result.user };
  }),

  signOut: anonymousProcedure.mutation(async ({ ctx }) => {
    const token = ctx.http ? readCookie(ctx.http.req, SESSION_COOKIE) : undefined;
    if (token) await deleteSession(ctx.db, token);
    if (ctx.http) setCookie(ctx, clearedSessionCookie(ctx.http.req));
    if (ctx.actor && ctx.actor.kind === "session") await audit(ctx, "auth.sign_out", ctx.actor.userId ?? "");
    return { ok: true };
  }),

  /** The signed-in person's account. */
  me: viewerProcedure.query(async ({ ctx }) => {
    if (!ctx.actor.userId) return { ...ctx.actor, account: null };
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.userId } });
    return { ...ctx.actor, account: publicUser(user) };
  }),

  /** Needs the current password; signs the person out everywhere else. */
  changePassword: viewerProcedure
    .input(z.object({ current: password, next: z.string().max(MAX_PASSWORD_LENGTH) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.actor.userId || ctx.actor.kind !== "session")
        throw new AppError("invalid", "Only a signed-in person can change their password");
      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.userId } });
      if (!(await verifyPassword(input.current, user.passwordHash)))
        throw new AppError("invalid", "The current password is wrong", [problem(["current"], "password", "Wrong password")]);
      newPasswordCheck(input.next, "next");
      await ctx.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.next) } });
      await deleteOtherSessions(ctx.db, user.id, ctx.actor.sessionId);
      await audit(ctx, "auth.password_change", user.id);
      return { ok: true };
    }),
});
