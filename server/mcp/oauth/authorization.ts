/**
 * What a connection does with OAuth around each exchange with a server: refresh
 * a token that is about to expire, and when the SDK's transport needed a
 * person (a 401 with no usable refresh token, or a 403 insufficient_scope
 * asking for wider scopes: step-up), hand the authorization URL to whoever can
 * consent, exchange the code and try again, at most MAX_AUTHORIZATIONS times.
 * With nobody to consent (a workflow run), it fails with `auth_required`,
 * "authorization needed", which parks the run until an admin reconnects.
 */
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { McpCallError } from "../errors";
import type { McpOAuthProvider } from "./provider";
import { tokenExpiresAt, type OAuthRecord } from "./store";

export interface ConnectionAuth {
  provider: McpOAuthProvider;
  /**
   * A user agent that completes an authorization: opens the URL, gets consent,
   * and returns the authorization code from the redirect (or null when nobody can).
   */
  consent?: ((url: URL) => Promise<string | null>) | undefined;
  /** Called when authorization is needed and nobody could consent (inbox item, server status). */
  onAuthorizationNeeded?: ((reason: string) => void) | undefined;
  /** Refresh a token this long before it expires (default 60 s). */
  refreshBeforeMs?: number | undefined;
  now?: (() => number) | undefined;
}

/** Authorizations tried for one request before giving up (a server that keeps asking for more scope). */
export const MAX_AUTHORIZATIONS = 3;

import { AUTHORIZATION_NEEDED } from "@/lib/workflow/errors";

export function isUnauthorized(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (e instanceof UnauthorizedError || (e instanceof Error && e.constructor.name === "UnauthorizedError")) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function authorizationNeeded(server: string, detail: string, cause?: unknown): McpCallError {
  return new McpCallError("auth_required", `${AUTHORIZATION_NEEDED}: ${detail}`, { server, cause });
}

/** Runs `op`, completing authorizations it needs through `consent`. */
export async function withAuthorization<T>(
  server: string,
  serverUrl: string,
  connectionAuth: ConnectionAuth | undefined,
  op: () => Promise<T>,
): Promise<T> {
  if (!connectionAuth) return op();
  await refreshIfExpiring(server, serverUrl, connectionAuth);
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (isInsufficientScope(err)) {
        await stepUp(server, serverUrl, connectionAuth, attempt, err);
        continue;
      }
      if (!isUnauthorized(err)) throw err;
      const url = connectionAuth.provider.takeAuthorizationUrl();
      if (!url)
        throw needed(server, connectionAuth, "the server refused the credentials and could not say how to authorize", err);
      if (!connectionAuth.consent)
        throw needed(server, connectionAuth, "an admin must connect this server on the Servers page", err);
      if (attempt > MAX_AUTHORIZATIONS) {
        throw needed(server, connectionAuth, `the server still refused after ${MAX_AUTHORIZATIONS} authorizations`, err);
      }
      const code = await connectionAuth.consent(url);
      if (!code) throw needed(server, connectionAuth, "the authorization was not completed", err);
      await completeAuthorization(connectionAuth.provider, serverUrl, code);
    }
  }
}

/** The SDK gave up on a 403 insufficient_scope (it refreshed, which cannot widen a grant). */
function isInsufficientScope(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 403 && typeof e.message === "string" && e.message.includes("upscoping");
}

/** Step-up: a new authorization with the scope the server asked for, through `consent`; without it, an admin must. */
async function stepUp(server: string, serverUrl: string, connectionAuth: ConnectionAuth, attempt: number, err: unknown) {
  const { provider, consent } = connectionAuth;
  const scope = await provider.requiredScope();
  const wider = `the server asks for a wider scope${scope ? ` (${scope})` : ""}`;
  if (!consent) throw needed(server, connectionAuth, `${wider}: an admin must reconnect it on the Servers page`, err);
  if (attempt > MAX_AUTHORIZATIONS)
    throw needed(server, connectionAuth, `${wider}, still refused after ${MAX_AUTHORIZATIONS} authorizations`, err);
  await provider.invalidateCredentials("tokens");
  const result = await auth(provider, { serverUrl, ...(scope ? { scope } : {}) });
  const url = result === "REDIRECT" ? provider.takeAuthorizationUrl() : undefined;
  const code = url ? await consent(url) : null;
  if (!code) throw needed(server, connectionAuth, `${wider}: the authorization was not completed`, err);
  await completeAuthorization(provider, serverUrl, code);
}

/** Exchanges the authorization code (with the stored PKCE verifier) for tokens. */
export async function completeAuthorization(provider: McpOAuthProvider, serverUrl: string, code: string): Promise<void> {
  const result = await auth(provider, { serverUrl, authorizationCode: code });
  if (result !== "AUTHORIZED") throw new Error("The authorization server did not issue tokens for the code");
}

/**
 * Starts an authorization for a person (the Servers page's "Connect"): the URL
 * to send them to, or null when the stored credentials already work (refreshed
 * or obtained without a person).
 */
export async function beginAuthorization(provider: McpOAuthProvider, serverUrl: string): Promise<URL | null> {
  // The scope the server last asked for (a step-up), else the configured one, else what discovery finds.
  const scope = (await provider.record()).scope ?? provider.settings.scope;
  const result = await auth(provider, { serverUrl, ...(scope ? { scope } : {}) });
  return result === "REDIRECT" ? (provider.takeAuthorizationUrl() ?? null) : null;
}

/**
 * Refreshes the access token when it expires within `refreshBeforeMs` and a refresh token is at hand. Under the
 * store's lock, and only when the stored token (re-read under the lock) still needs it: another engine may have
 * refreshed it meanwhile, and a rotated refresh token works once.
 */
export async function refreshIfExpiring(server: string, serverUrl: string, connectionAuth: ConnectionAuth): Promise<void> {
  const { provider } = connectionAuth;
  const seen = await provider.record();
  if (!needsRefresh(seen, connectionAuth)) return;
  await provider.exclusive(async () => {
    provider.reload();
    const record = await provider.record();
    // Refreshed by someone else while we waited (another call, another engine): use theirs.
    if (record.tokens?.tokens.access_token !== seen.tokens?.tokens.access_token) return;
    if (!needsRefresh(record, connectionAuth)) return;
    if (!record.tokens?.tokens.refresh_token && provider.redirectUrl) return; // the 401 path will ask for a person
    let result: string;
    try {
      result = await auth(provider, { serverUrl });
    } catch (err) {
      throw needed(server, connectionAuth, `the token could not be refreshed (${errorText(err)})`, err);
    }
    if (result !== "AUTHORIZED") {
      provider.takeAuthorizationUrl();
      throw needed(server, connectionAuth, "the token expired and could not be refreshed: an admin must reconnect", undefined);
    }
  });
}

function needsRefresh(record: OAuthRecord, connectionAuth: ConnectionAuth): boolean {
  const expiresAt = tokenExpiresAt(record.tokens);
  const now = (connectionAuth.now ?? Date.now)();
  return expiresAt !== null && expiresAt - now <= (connectionAuth.refreshBeforeMs ?? 60_000);
}

function needed(server: string, connectionAuth: ConnectionAuth, detail: string, cause: unknown): McpCallError {
  connectionAuth.onAuthorizationNeeded?.(detail);
  return authorizationNeeded(server, detail, cause);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
}
