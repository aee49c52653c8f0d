/**
 * Switchyard's OAuth 2.1 authorization server for /mcp, as web-standard handlers (the Next.js routes under app/oauth
 * and `npm run worker`'s MCP server share them). Accounts mode only: in local mode /mcp needs no token and these
 * answer 404. The logic is in server/auth/oauth; here: bodies (bounded), who is signed in, and the responses. Codes,
 * tokens and verifiers never reach a log or an error message.
 */
import { readUpTo } from "./body-limit";
import type { Db } from "../db/client";
import { getEnv, type Env } from "../env";
import { authenticate } from "../auth/authenticate";
import { clientAddress, crossSiteProblem } from "../auth/request-info";
import { RateLimiter } from "../auth/rate-limiter";
import { mcpResourceOf, originOf } from "../auth/public-origin";
import { OAuthError } from "../auth/oauth/oauth-error";
import { authorizationServerMetadata, OAUTH_PATHS } from "../auth/oauth/oauth-config";
import { MAX_REGISTRATION_BYTES, registerClient } from "../auth/oauth/clients";
import { authorizationResponse, checkAuthorizeRequest } from "../auth/oauth/authorize-request";
import { approve, exchangeCode, refresh, revokeToken } from "../auth/oauth/grants";
import { AppError, isAppError } from "@/lib/errors";
import { isRole, tokenRolesFor, ROLE_LABELS } from "@/lib/auth/roles";

const MAX_FORM_BYTES = 8_192;
/** Registrations per address: 20 per hour (a registered client can do nothing alone, but rows cost space). */
export const registrations = new RateLimiter({ max: 20, windowMs: 3_600_000 });
/** Failed token requests per address: 30 per minute. */
export const tokenRequestFailures = new RateLimiter({ max: 30, windowMs: 60_000 });

/** Cookie-less endpoints that browser-based MCP clients call from their own origin. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "content-type, authorization, mcp-protocol-version",
};
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { ...CORS, ...NO_STORE, ...headers } });
const oauthError = (err: OAuthError) => json(err.toJSON(), err.status);

async function readBounded(req: Request, max: number): Promise<string> {
  if (Number(req.headers.get("content-length") ?? NaN) > max || !req.body) {
    if (req.body) throw new OAuthError("invalid_request", `The request body is larger than ${max} bytes`, 413);
    return "";
  }
  const body = await readUpTo(req.body, max);
  if (!body) throw new OAuthError("invalid_request", `The request body is larger than ${max} bytes`, 413);
  return body.toString("utf8");
}

async function readForm(req: Request): Promise<URLSearchParams> {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded"))
    throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded");
  const form = new URLSearchParams(await readBounded(req, MAX_FORM_BYTES));
  for (const key of new Set(form.keys()))
    if (form.getAll(key).length > 1) throw new OAuthError("invalid_request", `${key.slice(0, 50)} is given more than once`);
  return form;
}

async function readJsonBody(req: Request, max: number): Promise<unknown> {
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    throw new OAuthError("invalid_request", "Send the body as application/json");
  try {
    return JSON.parse(await readBounded(req, max)) as unknown;
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    throw new OAuthError("invalid_request", "The body is not JSON");
  }
}

async function guarded(env: Env, f: () => Promise<Response>): Promise<Response> {
  if (env.AUTH_MODE !== "accounts")
    return json({ error: "not_found", error_description: "Local mode: /mcp needs no authorization" }, 404);
  try {
    return await f();
  } catch (err) {
    if (err instanceof OAuthError) return oauthError(err);
    if (isAppError(err) && err.kind === "rate_limited") return json({ error: "slow_down", error_description: err.message }, 429);
    throw err;
  }
}

function limited(limiter: RateLimiter, req: Request, now: Date): void {
  const wait = limiter.blockedFor(clientAddress(req), now.getTime());
  if (wait > 0)
    throw new AppError("rate_limited", `Too many requests from this address; try again in ${Math.ceil(wait / 1000)} s`);
}

/** GET /.well-known/oauth-authorization-server (RFC 8414). */
export function serverMetadata(req: Request, env: Env = getEnv()): Promise<Response> {
  return guarded(env, () =>
    Promise.resolve(json(authorizationServerMetadata(originOf(req, env)), 200, { "cache-control": "max-age=300" })),
  );
}

/** POST /oauth/register (RFC 7591): 201 with the client's id. */
export function register(db: Db, req: Request, env: Env = getEnv(), now = new Date()): Promise<Response> {
  return guarded(env, async () => {
    limited(registrations, req, now);
    const body = await readJsonBody(req, MAX_REGISTRATION_BYTES);
    registrations.fail(clientAddress(req), now.getTime());
    return json(await registerClient(db, body, { address: clientAddress(req), now }), 201);
  });
}

/** The signed-in person in the browser (a session, never a bearer token: consent is a person's act). */
async function signedInPerson(db: Db, env: Env, req: Request) {
  const actor = await authenticate(db, env, { req }).catch(() => null);
  if (!actor || actor.kind !== "session") throw new OAuthError("login_required", "Sign in to Switchyard first");
  return actor;
}

/** GET /oauth/authorize/details?<the authorization request>: what the consent page shows. */
export function authorizeDetails(db: Db, req: Request, env: Env = getEnv()): Promise<Response> {
  return guarded(env, async () => {
    const actor = await signedInPerson(db, env, req);
    const origin = originOf(req, env);
    const request = await checkAuthorizeRequest(db, new URL(req.url).searchParams, mcpResourceOf(origin));
    return json({
      client: { name: request.client.name, redirectHost: new URL(request.redirectUri).host },
      resource: request.resource,
      scope: request.scope,
      user: { name: actor.name, email: actor.email, role: actor.role },
      roles: tokenRolesFor(actor.role).map((role) => ({ role, label: ROLE_LABELS[role] })),
    });
  });
}

/**
 * POST /oauth/authorize/decision with JSON {query, approve, role}: the person's answer; answers {redirectTo} (the
 * client's redirect URI with the code, or error=access_denied). JSON only and same-origin only, so another site
 * cannot submit it with the person's cookie.
 */
export function authorizeDecision(db: Db, req: Request, env: Env = getEnv(), now = new Date()): Promise<Response> {
  return guarded(env, async () => {
    const crossSite = crossSiteProblem(req);
    if (crossSite) throw new OAuthError("access_denied", `Refused: ${crossSite}`, 403);
    const body = await readJsonBody(req, MAX_FORM_BYTES);
    const { query, approve: approved, role } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof query !== "string" || typeof approved !== "boolean")
      throw new OAuthError("invalid_request", "Send {query, approve, role}");
    const actor = await signedInPerson(db, env, req);
    const origin = originOf(req, env);
    const request = await checkAuthorizeRequest(db, new URLSearchParams(query), mcpResourceOf(origin));
    if (!approved) return json({ redirectTo: authorizationResponse(request, origin, { error: "access_denied" }) });
    const chosen = typeof role === "string" && isRole(role) ? role : actor.role;
    const code = await approve(db, actor, request, chosen, now);
    return json({ redirectTo: authorizationResponse(request, origin, { code }) });
  });
}

/** POST /oauth/token: authorization_code (with PKCE) and refresh_token grants. */
export function token(db: Db, req: Request, env: Env = getEnv(), now = new Date()): Promise<Response> {
  return guarded(env, async () => {
    limited(tokenRequestFailures, req, now);
    try {
      const form = await readForm(req);
      const clientId = form.get("client_id");
      if (!clientId) throw new OAuthError("invalid_client", "client_id is required (public clients)");
      const grantType = form.get("grant_type");
      if (grantType === "authorization_code") {
        const code = form.get("code");
        const verifier = form.get("code_verifier");
        if (!code || !verifier) throw new OAuthError("invalid_request", "code and code_verifier are required");
        const tokens = await exchangeCode(
          db,
          { code, clientId, verifier, redirectUri: form.get("redirect_uri"), resource: form.get("resource") },
          now,
        );
        return json(tokens);
      }
      if (grantType === "refresh_token") {
        const refreshToken = form.get("refresh_token");
        if (!refreshToken) throw new OAuthError("invalid_request", "refresh_token is required");
        return json(await refresh(db, { refreshToken, clientId, resource: form.get("resource"), scope: form.get("scope") }, now));
      }
      throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    } catch (err) {
      if (err instanceof OAuthError) tokenRequestFailures.fail(clientAddress(req), now.getTime());
      throw err;
    }
  });
}

/** POST /oauth/revoke (RFC 7009): always 200 for a well-formed request. */
export function revoke(db: Db, req: Request, env: Env = getEnv(), now = new Date()): Promise<Response> {
  return guarded(env, async () => {
    const form = await readForm(req);
    const value = form.get("token");
    if (!value) throw new OAuthError("invalid_request", "token is required");
    await revokeToken(db, { token: value, clientId: form.get("client_id") }, now);
    return new Response(null, { status: 200, headers: { ...CORS, ...NO_STORE } });
  });
}

/** CORS preflight of the cookie-less endpoints. */
export const preflight = () =>
  new Response(null, { status: 204, headers: { ...CORS, "access-control-allow-methods": "GET, POST, OPTIONS" } });

/** The authorization server's routes by path (the plain Node server of `npm run worker` and tests), or null. */
export function oauthServerRoute(db: () => Db, req: Request): Promise<Response> | null {
  const path = new URL(req.url).pathname;
  if (
    req.method === "OPTIONS" &&
    [OAUTH_PATHS.metadata, OAUTH_PATHS.register, OAUTH_PATHS.token, OAUTH_PATHS.revoke].includes(path as never)
  )
    return Promise.resolve(preflight());
  if (req.method === "GET" && path === OAUTH_PATHS.metadata) return serverMetadata(req);
  if (req.method === "POST" && path === OAUTH_PATHS.register) return register(db(), req);
  if (req.method === "GET" && path === OAUTH_PATHS.authorizeDetails) return authorizeDetails(db(), req);
  if (req.method === "POST" && path === OAUTH_PATHS.authorizeDecision) return authorizeDecision(db(), req);
  if (req.method === "POST" && path === OAUTH_PATHS.token) return token(db(), req);
  if (req.method === "POST" && path === OAUTH_PATHS.revoke) return revoke(db(), req);
  return null;
}
