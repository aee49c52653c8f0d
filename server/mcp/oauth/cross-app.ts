/**
 * Cross-app access (SEP-990, "enterprise-managed authorization"): the identity
 * provider exchanges a person's ID token for an identity assertion grant
 * (ID-JAG, RFC 8693 token exchange) addressed to the MCP server's
 * authorization server; that grant is then presented there as a JWT bearer
 * grant (RFC 7523). The SDK 1.32 has no helper for the first step.
 */
import type { OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthSettings } from "@/lib/mcp/server-config";

type CrossApp = Extract<OAuthSettings, { grant: "cross_app" }>;

const MAX_RESPONSE_BYTES = 64 * 1024;

export async function crossAppAssertion(
  settings: CrossApp,
  discovery: OAuthDiscoveryState | undefined,
  fetchFn: typeof fetch,
): Promise<string> {
  const audience = discovery?.authorizationServerMetadata?.issuer ?? discovery?.authorizationServerUrl;
  const resource = discovery?.resourceMetadata?.resource;
  if (!audience || !resource) {
    throw new Error("Cross-app access needs the server's protected resource metadata and its authorization server");
  }
  const response = await fetchFn(settings.idpTokenEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      requested_token_type: "urn:ietf:params:oauth:token-type:id-jag",
      audience,
      resource,
      subject_token: settings.idToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      client_id: settings.idpClientId,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new Error("The identity provider's token exchange answer is too large");
  let body: { access_token?: unknown; error?: unknown; error_description?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`The identity provider's token exchange did not answer JSON (HTTP ${response.status})`);
  }
  if (!response.ok || typeof body.access_token !== "string") {
    const reason = typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
    const detail = typeof body.error_description === "string" ? `: ${body.error_description.slice(0, 300)}` : "";
    throw new Error(`The identity provider refused the token exchange (${reason}${detail})`);
  }
  return body.access_token;
}
