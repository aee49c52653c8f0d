/** Switchyard's OAuth 2.1 authorization server for /mcp: its endpoints, lifetimes and RFC 8414 metadata (pure). */
export const OAUTH_SCOPE = "mcp";
export const OAUTH_PATHS = {
  metadata: "/.well-known/oauth-authorization-server",
  authorize: "/oauth/authorize",
  /** What the consent page reads (JSON) and posts (the person's decision) */
  authorizeDetails: "/oauth/authorize/details",
  authorizeDecision: "/oauth/authorize/decision",
  token: "/oauth/token",
  register: "/oauth/register",
  revoke: "/oauth/revoke",
} as const;

/** Access tokens are short-lived; refresh tokens rotate on each use and end 30 days after their issue. */
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 30 * 86_400;
export const CODE_SECONDS = 300;

/** Token prefixes: an access token is told from an API token (`syt_`) by its prefix before any lookup. */
export const TOKEN_PREFIX = { access: "sya", refresh: "syr", code: "syc" } as const;
export type OAuthTokenKind = keyof typeof TOKEN_PREFIX;
export const isOAuthAccessToken = (token: string) => token.startsWith(`${TOKEN_PREFIX.access}_`);

/** RFC 8414 metadata; the issuer is Switchyard's origin (RFC 9207 `iss` is sent with each authorization response). */
export function authorizationServerMetadata(origin: string) {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}${OAUTH_PATHS.authorize}`,
    token_endpoint: `${origin}${OAUTH_PATHS.token}`,
    registration_endpoint: `${origin}${OAUTH_PATHS.register}`,
    revocation_endpoint: `${origin}${OAUTH_PATHS.revoke}`,
    scopes_supported: [OAUTH_SCOPE],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none"],
    revocation_endpoint_auth_methods_supported: ["none"],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${origin}/settings#mcp`,
  };
}
