/**
 * Who is calling: in local mode the built-in local user; in accounts mode the person behind the session cookie or
 * the `Authorization: Bearer` API token, or nobody. Failed token attempts are rate limited per address.
 */
import type { Db } from "../db/client";
import { bindingProblem, type Env } from "../env";
import { isOAuthAccessToken } from "./oauth/oauth-config";
import { actorFromAccessToken } from "./oauth/grants";
import { MCP_PATH, mcpResourceOf, originOf } from "./public-origin";
import { AppError } from "@/lib/errors";
import { LOCAL_ACTOR, type Actor } from "./actor";
import { actorFromApiToken } from "./api-tokens";
import { findSession } from "./sessions";
import { bearerToken, clientAddress, readCookie, SESSION_COOKIE, sessionCookie } from "./request-info";
import { userGroups } from "./users";
import { isRole } from "@/lib/auth/roles";
import { RateLimiter } from "./rate-limiter";

/** Wrong API tokens per address: 20 per minute, then 429 until the minute has passed. */
export const tokenFailures = new RateLimiter({ max: 20, windowMs: 60_000 });

export interface AuthRequest {
  req: Request;
  /** Where Set-Cookie goes (the tRPC response headers); absent for plain HTTP routes. */
  resHeaders?: Headers | undefined;
}

export async function authenticate(db: Db, env: Env, http: AuthRequest | undefined, now = new Date()): Promise<Actor | null> {
  const refusal = bindingProblem(env);
  if (refusal) throw new AppError("forbidden", refusal);
  if (env.AUTH_MODE === "local") return LOCAL_ACTOR;
  if (!http) return null;
  const token = bearerToken(http.req);
  if (token) return fromToken(db, env, http.req, token, now);
  const cookie = readCookie(http.req, SESSION_COOKIE);
  if (!cookie) return null;
  const found = await findSession(db, cookie, { now, days: env.SWITCHYARD_SESSION_DAYS });
  if (!found || !found.user.active || !isRole(found.user.role)) return null;
  if (found.renewedUntil) http.resHeaders?.append("Set-Cookie", sessionCookie(http.req, cookie, found.renewedUntil));
  return {
    kind: "session",
    userId: found.user.id,
    name: found.user.name,
    email: found.user.email,
    role: found.user.role,
    groups: userGroups(found.user),
    sessionId: found.session.id,
  };
}

async function fromToken(db: Db, env: Env, req: Request, token: string, now: Date): Promise<Actor> {
  const address = clientAddress(req);
  const wait = tokenFailures.blockedFor(address, now.getTime());
  if (wait > 0)
    throw new AppError("rate_limited", `Too many wrong API tokens from this address; try again in ${Math.ceil(wait / 1000)} s`);
  const actor = isOAuthAccessToken(token)
    ? await fromAccessToken(db, env, req, token, now)
    : await actorFromApiToken(db, token, now);
  if (actor) return actor;
  tokenFailures.fail(address, now.getTime());
  throw new AppError(
    "unauthorized",
    isOAuthAccessToken(token)
      ? "The access token is not valid here (unknown, expired, revoked, or issued for another resource)"
      : "The API token is not valid (unknown, revoked, or its owner was deactivated)",
  );
}

/**
 * OAuth access tokens are for /mcp only (their audience, RFC 8707): anywhere else, or for another origin's /mcp,
 * they are refused.
 */
async function fromAccessToken(db: Db, env: Env, req: Request, token: string, now: Date): Promise<Actor | null> {
  if (new URL(req.url).pathname !== MCP_PATH) return null;
  return actorFromAccessToken(db, token, mcpResourceOf(originOf(req, env)), now);
}
