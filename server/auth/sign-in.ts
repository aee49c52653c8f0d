/**
 * Sign-in with email and password. Failed attempts are audit rows, and those rows are the rate limit (so it holds
 * across processes): more than SWITCHYARD_SIGNIN_MAX_FAILURES failures for one email, or five times that from one
 * address, within SWITCHYARD_SIGNIN_WINDOW_SECONDS, and further attempts are refused until the window has passed.
 */
import type { Db } from "../db/client";
import type { Env } from "../env";
import { AppError } from "@/lib/errors";
import { decoyHash, verifyPassword } from "./password";
import { createSession } from "./sessions";
import { normalizeEmail, publicUser } from "./users";
import { recordAudit } from "./audit";

export const SIGN_IN_FAILED = "auth.sign_in_failed";
type Limits = Pick<Env, "SWITCHYARD_SIGNIN_WINDOW_SECONDS" | "SWITCHYARD_SIGNIN_MAX_FAILURES" | "SWITCHYARD_SESSION_DAYS">;

export async function signIn(db: Db, env: Limits, input: { email: string; password: string; address: string }, now = new Date()) {
  const email = normalizeEmail(input.email);
  const windowMs = env.SWITCHYARD_SIGNIN_WINDOW_SECONDS * 1000;
  const since = new Date(now.getTime() - windowMs);
  const failures = (where: { target?: string; address?: string }) =>
    db.auditEvent.count({ where: { action: SIGN_IN_FAILED, at: { gt: since }, ...where } });
  const max = env.SWITCHYARD_SIGNIN_MAX_FAILURES;
  const blocked =
    (await failures({ target: email })) >= max ||
    (input.address !== "" && (await failures({ address: input.address })) >= max * 5);
  if (blocked) {
    await recordAudit(db, { actor: email, action: "auth.sign_in_blocked", target: email, address: input.address }, now);
    throw new AppError(
      "rate_limited",
      `Too many failed sign-ins for this account or address: wait ${describeWindow(env.SWITCHYARD_SIGNIN_WINDOW_SECONDS)} and try again`,
    );
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash || (await decoyHash()));
  if (!user || !ok || !user.active) {
    const why = !user ? "unknown email" : !ok ? "wrong password" : "account deactivated";
    await recordAudit(db, { actor: email, action: SIGN_IN_FAILED, target: email, detail: why, address: input.address }, now);
    throw new AppError("unauthorized", user && ok ? "This account is deactivated: ask an admin" : "Wrong email or password");
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  const session = await createSession(db, user.id, { now, days: env.SWITCHYARD_SESSION_DAYS, address: input.address });
  await recordAudit(db, { actor: email, action: "auth.sign_in", target: user.id, address: input.address }, now);
  return { user: publicUser(user), ...session };
}

export function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
