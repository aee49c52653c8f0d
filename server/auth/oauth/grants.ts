/**
 * Grants and their codes and tokens: the only writer of OAuthGrant and OAuthToken rows. A person's consent is a grant
 * (client, user, role, resource); its authorization code (5 min, once, PKCE S256) is exchanged for an access token
 * (1 h) and a refresh token (30 days) rotated on every use. A code or refresh token presented a second time revokes
 * the whole grant (it was stolen, or the client is broken). Only SHA-256 hashes of codes and tokens are stored.
 */
import type { Db } from "../../db/client";
import { newId } from "../../util/ids";
import { newSecretToken, sha256 } from "../secret-token";
import { isRole, tokenRolesFor, type Role } from "@/lib/auth/roles";
import type { Actor } from "../actor";
import { userGroups } from "../users";
import { OAuthError } from "./oauth-error";
import { AppError } from "@/lib/errors";
import type { AuthorizeRequest } from "./authorize-request";
import { pkceMatches } from "./pkce";
import {
  ACCESS_TOKEN_SECONDS,
  CODE_SECONDS,
  OAUTH_SCOPE,
  REFRESH_TOKEN_SECONDS,
  TOKEN_PREFIX,
  type OAuthTokenKind,
} from "./oauth-config";

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const seconds = (now: Date, s: number) => new Date(now.getTime() + s * 1000);

async function newToken(
  db: Db,
  kind: OAuthTokenKind,
  grantId: string,
  now: Date,
  extra: { codeChallenge?: string; redirectUri?: string } = {},
) {
  const token = newSecretToken(TOKEN_PREFIX[kind]);
  const ttl = kind === "code" ? CODE_SECONDS : kind === "access" ? ACCESS_TOKEN_SECONDS : REFRESH_TOKEN_SECONDS;
  await db.oAuthToken.create({
    data: { tokenHash: sha256(token), kind, grantId, expiresAt: seconds(now, ttl), createdAt: now, ...extra },
  });
  return token;
}

/** A signed-in person approves the request: a grant with the role they chose (theirs or lower) and its code. */
export async function approve(db: Db, actor: Actor, request: AuthorizeRequest, role: Role, now: Date): Promise<string> {
  if (actor.kind !== "session" || !actor.userId)
    throw new OAuthError("login_required", "Sign in to Switchyard in the browser first");
  if (!tokenRolesFor(actor.role).includes(role))
    throw new OAuthError("access_denied", `A ${actor.role} may not grant the role ${role}`, 403);
  const grant = await db.oAuthGrant.create({
    data: {
      id: newId("grant", now.getTime()),
      clientId: request.client.id,
      userId: actor.userId,
      role,
      scope: request.scope,
      resource: request.resource,
      createdAt: now,
    },
  });
  return newToken(db, "code", grant.id, now, { codeChallenge: request.codeChallenge, redirectUri: request.redirectUri });
}

/** Takes a code or refresh token once: the row when it is valid; a second use revokes its grant. */
async function consume(db: Db, kind: "code" | "refresh", token: string, clientId: string, now: Date) {
  const row = await db.oAuthToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { grant: { include: { user: true } } },
  });
  const what = kind === "code" ? "authorization code" : "refresh token";
  if (!row || row.kind !== kind) throw new OAuthError("invalid_grant", `The ${what} is not valid`);
  if (row.grant.clientId !== clientId) throw new OAuthError("invalid_grant", `The ${what} was issued to another client`);
  const taken = await db.oAuthToken.updateMany({
    where: { tokenHash: row.tokenHash, consumedAt: null },
    data: { consumedAt: now },
  });
  if (taken.count !== 1) {
    await revokeGrantById(db, row.grantId, now);
    throw new OAuthError("invalid_grant", `The ${what} was already used: the authorization is revoked`);
  }
  if (row.expiresAt <= now) throw new OAuthError("invalid_grant", `The ${what} has expired`);
  const { grant } = row;
  if (grant.revokedAt) throw new OAuthError("invalid_grant", "The authorization was revoked");
  if (!grant.user.active) throw new OAuthError("invalid_grant", "The person who authorised this client was deactivated");
  return row;
}

async function issuePair(db: Db, grantId: string, now: Date): Promise<TokenResponse> {
  const access = await newToken(db, "access", grantId, now);
  const refresh = await newToken(db, "refresh", grantId, now);
  return {
    access_token: access,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    refresh_token: refresh,
    scope: OAUTH_SCOPE,
  };
}

function checkResource(given: string | null, grantResource: string) {
  if (given !== null && given !== grantResource)
    throw new OAuthError("invalid_target", `This authorization is for ${grantResource}, not ${given.slice(0, 200)}`);
}

export async function exchangeCode(
  db: Db,
  input: { code: string; clientId: string; redirectUri: string | null; verifier: string; resource: string | null },
  now: Date,
): Promise<TokenResponse> {
  const row = await consume(db, "code", input.code, input.clientId, now);
  // RFC 6749 4.1.3: identical to the authorization request's.
  if (!input.redirectUri || row.redirectUri !== input.redirectUri)
    throw new OAuthError("invalid_grant", "The redirect_uri differs from the authorization request's");
  if (!row.codeChallenge || !pkceMatches(input.verifier, row.codeChallenge)) {
    // A wrong verifier: whoever holds the code is not who asked for it.
    await revokeGrantById(db, row.grantId, now);
    throw new OAuthError("invalid_grant", "The code_verifier does not match the code_challenge (PKCE)");
  }
  checkResource(input.resource, row.grant.resource);
  return issuePair(db, row.grantId, now);
}

export async function refresh(
  db: Db,
  input: { refreshToken: string; clientId: string; resource: string | null; scope: string | null },
  now: Date,
) {
  const row = await consume(db, "refresh", input.refreshToken, input.clientId, now);
  checkResource(input.resource, row.grant.resource);
  if (input.scope !== null && input.scope.split(" ").some((s) => s && s !== OAUTH_SCOPE))
    throw new OAuthError("invalid_scope", `Only the scope ${OAUTH_SCOPE} is offered`);
  return issuePair(db, row.grantId, now);
}

export async function revokeGrantById(db: Db, grantId: string, now: Date): Promise<void> {
  await db.oAuthGrant.updateMany({ where: { id: grantId, revokedAt: null }, data: { revokedAt: now } });
}

/**
 * RFC 7009: revoking a refresh token revokes its grant (and so every token of it); an access token ends alone. An
 * unknown token, or one of another client, changes nothing (the answer is the same, so nothing is learnt from it).
 */
export async function revokeToken(db: Db, input: { token: string; clientId: string | null }, now: Date): Promise<void> {
  const row = await db.oAuthToken.findUnique({ where: { tokenHash: sha256(input.token) }, include: { grant: true } });
  if (!row || (input.clientId !== null && row.grant.clientId !== input.clientId)) return;
  if (row.kind === "access") await db.oAuthToken.updateMany({ where: { tokenHash: row.tokenHash }, data: { expiresAt: now } });
  else await revokeGrantById(db, row.grantId, now);
}

const LAST_USED_PRECISION_MS = 60_000;

/**
 * The actor of an access token presented to `audience` (Switchyard's /mcp), or null when it is unknown, expired,
 * revoked, for another audience, or its person was deactivated or now has a lower role than the grant's.
 */
export async function actorFromAccessToken(db: Db, token: string, audience: string, now: Date): Promise<Actor | null> {
  const row = await db.oAuthToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { grant: { include: { user: true, client: true } } },
  });
  if (!row || row.kind !== "access" || row.expiresAt <= now) return null;
  const { grant } = row;
  const { user } = grant;
  if (grant.revokedAt || grant.resource !== audience || !user.active) return null;
  const role = grant.role;
  if (!isRole(role) || !isRole(user.role) || !tokenRolesFor(user.role).includes(role)) return null;
  if (!grant.lastUsedAt || now.getTime() - grant.lastUsedAt.getTime() > LAST_USED_PRECISION_MS)
    await db.oAuthGrant.update({ where: { id: grant.id }, data: { lastUsedAt: now } });
  return {
    kind: "oauth",
    userId: user.id,
    name: user.name,
    email: user.email,
    role,
    groups: userGroups(user),
    grantId: grant.id,
    clientName: grant.client.name,
  };
}

/** The applications a person authorised (Settings), newest first; revoked ones are left out. */
export async function listGrants(db: Db, actor: Actor) {
  if (!actor.userId) return [];
  const rows = await db.oAuthGrant.findMany({
    where: { userId: actor.userId, revokedAt: null },
    include: { client: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((g) => ({
    id: g.id,
    clientName: g.client.name,
    role: g.role,
    resource: g.resource,
    createdAt: g.createdAt,
    lastUsedAt: g.lastUsedAt,
  }));
}

/** People revoke their own grants; admins anyone's. Every code and token of the grant stops working at once. */
export async function revokeGrant(db: Db, actor: Actor, id: string, now = new Date()) {
  const row = await db.oAuthGrant.findUnique({ where: { id }, include: { client: true } });
  if (!row || (row.userId !== actor.userId && actor.role !== "admin"))
    throw new AppError("not_found", `Authorization ${id} was not found`);
  await revokeGrantById(db, id, now);
  return { id, clientName: row.client.name };
}
