/**
 * An authorization request (`/oauth/authorize?...`), checked against its registered client: response type code,
 * PKCE S256 (required), an exact redirect URI, scope `mcp`, and the resource (RFC 8707) Switchyard's /mcp, which is
 * then the audience of every token of the grant. A bad client or redirect URI is shown to the person, never
 * redirected to (RFC 6749 section 4.1.2.1).
 */
import type { Db } from "../../db/client";
import { OAuthError } from "./oauth-error";
import { findClient } from "./clients";
import { redirectMatches } from "./redirect-uris";
import { CHALLENGE_PATTERN } from "./pkce";
import { OAUTH_SCOPE } from "./oauth-config";

export interface AuthorizeRequest {
  client: { id: string; name: string };
  redirectUri: string;
  codeChallenge: string;
  state: string | null;
  scope: string;
  resource: string;
}

const MAX_PARAM = 2000;

function single(params: URLSearchParams, name: string): string | null {
  const all = params.getAll(name);
  if (all.length > 1) throw new OAuthError("invalid_request", `${name} is given more than once`);
  const value = all[0] ?? null;
  if (value !== null && value.length > MAX_PARAM) throw new OAuthError("invalid_request", `${name} is too long`);
  return value;
}

export async function checkAuthorizeRequest(
  db: Db,
  params: URLSearchParams,
  expectedResource: string,
): Promise<AuthorizeRequest> {
  const clientId = single(params, "client_id");
  const client = clientId ? await findClient(db, clientId) : null;
  if (!client)
    throw new OAuthError("invalid_client", "This application is not registered with Switchyard (unknown client_id)", 400);
  const requested = single(params, "redirect_uri");
  const redirectUri = requested ?? (client.redirectUris.length === 1 ? client.redirectUris[0]! : null);
  if (!redirectUri || !client.redirectUris.some((r) => redirectMatches(r, redirectUri)))
    throw new OAuthError("invalid_request", "The redirect_uri is not one the application registered");
  if (single(params, "response_type") !== "code")
    throw new OAuthError("unsupported_response_type", "Only response_type=code is supported");
  const challenge = single(params, "code_challenge");
  if (!challenge || single(params, "code_challenge_method") !== "S256" || !CHALLENGE_PATTERN.test(challenge))
    throw new OAuthError("invalid_request", "PKCE is required: a code_challenge with code_challenge_method=S256");
  const scopes = (single(params, "scope") ?? OAUTH_SCOPE).split(" ").filter(Boolean);
  if (scopes.some((s) => s !== OAUTH_SCOPE)) throw new OAuthError("invalid_scope", `Only the scope ${OAUTH_SCOPE} is offered`);
  const resource = single(params, "resource") ?? expectedResource;
  if (resource !== expectedResource)
    throw new OAuthError("invalid_target", `Tokens are issued for ${expectedResource} only, not ${resource.slice(0, 200)}`);
  return {
    client: { id: client.id, name: client.name },
    redirectUri,
    codeChallenge: challenge,
    state: single(params, "state"),
    scope: OAUTH_SCOPE,
    resource,
  };
}

/** Where the browser goes after the person's decision (RFC 6749 4.1.2, RFC 9207 `iss`). */
export function authorizationResponse(
  request: AuthorizeRequest,
  issuer: string,
  result: { code: string } | { error: string },
): string {
  const url = new URL(request.redirectUri);
  if ("code" in result) url.searchParams.set("code", result.code);
  else url.searchParams.set("error", result.error);
  if (request.state !== null) url.searchParams.set("state", request.state);
  url.searchParams.set("iss", issuer);
  return url.toString();
}
