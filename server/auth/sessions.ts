/**
 * Browser sessions: a random token in an HTTP-only cookie; only its SHA-256 is stored. A session ends after
 * `days` without use; a use in the second half of that time renews it (sliding expiry).
 */
import type { Db } from "../db/client";
import { newId } from "../util/ids";
import { newSecretToken, sha256 } from "./secret-token";

const DAY_MS = 86_400_000;

export async function createSession(
  db: Db,
  userId: string,
  opts: { now: Date; days: number; address: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken("sys");
  const expiresAt = new Date(opts.now.getTime() + opts.days * DAY_MS);
  await db.session.create({
    data: {
      id: newId("ses", opts.now.getTime()),
      tokenHash: sha256(token),
      userId,
      expiresAt,
      createdAt: opts.now,
      lastSeenAt: opts.now,
      address: opts.address,
    },
  });
  return { token, expiresAt };
}

/** The session's user when the token is valid and unexpired; `renewedUntil` is set when the expiry moved. */
export async function findSession(db: Db, token: string, opts: { now: Date; days: number }) {
  const session = await db.session.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!session) return null;
  if (session.expiresAt <= opts.now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  const lifetime = opts.days * DAY_MS;
  let renewedUntil: Date | null = null;
  if (session.expiresAt.getTime() - opts.now.getTime() < lifetime / 2) {
    renewedUntil = new Date(opts.now.getTime() + lifetime);
    await db.session.update({ where: { id: session.id }, data: { expiresAt: renewedUntil, lastSeenAt: opts.now } });
  }
  return { session, user: session.user, renewedUntil };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: sha256(token) } });
}

/** Signs a person out everywhere but (optionally) the session they are using. */
export async function deleteOtherSessions(db: Db, userId: string, keepSessionId?: string): Promise<void> {
  await db.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
}
