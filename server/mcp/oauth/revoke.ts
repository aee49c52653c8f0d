/**
 * Token revocation (RFC 7009) at the authorization server's
 * `revocation_endpoint`, when its metadata names one: the refresh token first
 * (revoking it ends the grant), then the access token. True when the server
 * accepted; false when it offers no revocation (the tokens are then only
 * forgotten here).
 */
import type { McpOAuthProvider } from "./provider";

export async function revokeTokens(provider: McpOAuthProvider, fetchFn: typeof fetch = fetch): Promise<boolean> {
  const record = await provider.record();
  const metadata = record.discovery?.authorizationServerMetadata as { revocation_endpoint?: unknown } | undefined;
  const endpoint = typeof metadata?.revocation_endpoint === "string" ? metadata.revocation_endpoint : undefined;
  const tokens = record.tokens?.tokens;
  if (!endpoint || !tokens) return false;
  const client = await provider.clientInformation();
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const base: Record<string, string> = {};
  if (client?.client_secret) {
    const basic = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
    headers.Authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  } else if (client) base.client_id = client.client_id;
  let ok = true;
  const pairs: [string, string | undefined][] = [
    ["refresh_token", tokens.refresh_token],
    ["access_token", tokens.access_token],
  ];
  for (const [hint, token] of pairs) {
    if (!token) continue;
    const response = await fetchFn(endpoint, {
      method: "POST",
      headers,
      body: new URLSearchParams({ ...base, token, token_type_hint: hint }),
      signal: AbortSignal.timeout(15_000),
    });
    await response.body?.cancel();
    ok &&= response.ok;
  }
  return ok;
}
