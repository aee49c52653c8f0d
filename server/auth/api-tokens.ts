/** API tokens for the HTTP API: shown once, stored as SHA-256, scoped to a role no higher than the creator's. */
import type { Db } from "../db/client";
import { AppError } from "@/lib/errors";
import { newId } from "../util/ids";
import { isRole, tokenRolesFor, type Role } from "@/lib/auth/roles";
import { newSecretToken, sha256 } from "./secret-token";
import type { Actor } from "./actor";
import { userGroups } from "./users";

const LAST_USED_PRECISION_MS = 60_000;

export async function createApiToken(db: Db, actor: Actor, input: { name: string; role: Role }, now = new Date()) {
  if (!actor.userId)
    throw new AppError("invalid", "API tokens belong to a person: turn on accounts (SWITCHYARD_AUTH=accounts) first");
  if (!tokenRolesFor(actor.role).includes(input.role))
    throw new AppError("forbidden", `A ${actor.role} may not create a token with the role ${input.role}`);
  const token = newSecretToken("syt");
  const row = await db.apiToken.create({
    data: {
      id: newId("tok", now.getTime()),
      name: input.name.trim(),
      tokenHash: sha256(token),
      role: input.role,
      userId: actor.userId,
      createdAt: now,
    },
  });
  return { id: row.id, name: row.name, role: input.role, token };
}

export async function listApiTokens(db: Db, actor: Actor) {
  if (!actor.userId) return [];
  const rows = await db.apiToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  }));
}

/** People revoke their own tokens; admins anyone's. */
export async function revokeApiToken(db: Db, actor: Actor, id: string, now = new Date()) {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row || (row.userId !== actor.userId && actor.role !== "admin"))
    throw new AppError("not_found", `Token ${id} was not found`);
  if (!row.revokedAt) await db.apiToken.update({ where: { id }, data: { revokedAt: now } });
  return { id, name: row.name };
}

/** The token's actor, or null when it is unknown, revoked or its owner deactivated. */
export async function actorFromApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!row || row.revokedAt || !row.user.active || !isRole(row.role)) return null;
  // A token never outranks its owner, even after the owner's role was lowered.
  if (!isRole(row.user.role) || !tokenRolesFor(row.user.role).includes(row.role)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    kind: "token",
    userId: row.userId,
    name: row.user.name,
    email: row.user.email,
    role: row.role,
    groups: userGroups(row.user),
    tokenId: row.id,
  };
}
