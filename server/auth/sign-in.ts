/**
 * Sign-in with email and password. Failed attempts are audit rows, and those rows are the rate limit (so it holds
 * across processes). Within SWITCHYARD_SIGNIN_WINDOW_SECONDS, attempts are refused after
 * - SWITCHYARD_SIGNIN_MAX_FAILURES (max) failures for one email from one address,
 * - 5 x max failures from one address (any emails),
 * - 10 x max failures for one email from all addresses together,
 * until the window has passed. So someone failing with your email from their address locks that pair only: you still
 * sign in from yours, unless many addresses are used at once (then the account waits out the window like everyone).
 *
 * Atomic: each attempt first writes its row (counted as a failure while its password is checked), THEN counts. The
 * k-th concurrent attempt counts at least k rows, so at most `max` attempts are ever checked however many race.
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
  const attempt = await recordAudit(
    db,
    { actor: email, action: SIGN_IN_FAILED, target: email, detail: "checking", address: input.address },
    now,
  );
  const settle = (data: { action?: string; target?: string; detail: string }) =>
    db.auditEvent.update({ where: { id: attempt }, data });
  const [pair, fromAddress, forEmail] = await Promise.all([
    failures({ target: email, address: input.address }),
    input.address === "" ? 0 : failures({ address: input.address }),
    failures({ target: email }),
  ]);
  if (pair > max || fromAddress > max * 5 || forEmail > max * 10) {
    await settle({ action: "auth.sign_in_blocked", detail: "" });
    throw new AppError(
      "rate_limited",
      `Too many failed sign-ins for this account or address: wait ${describeWindow(env.SWITCHYARD_SIGNIN_WINDOW_SECONDS)} and try again`,
    );
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash || (await decoyHash()));
  if (!user || !ok || !user.active) {
    const why = !user ? "unknown email" : !ok ? "wrong password" : "account deactivated";
    await settle({ detail: why });
    throw new AppError("unauthorized", user && ok ? "This account is deactivated: ask an admin" : "Wrong email or password");
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  const session = await createSession(db, user.id, { now, days: env.SWITCHYARD_SESSION_DAYS, address: input.address });
  await settle({ action: "auth.sign_in", target: user.id, detail: "" });
  return { user: publicUser(user), ...session };
}

export function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
