/**
 * Dynamic client registration (RFC 7591), bounded: at most 10 redirect URIs of the allowed kinds
 * (redirect-uris.ts), a name of at most 200 characters, public clients only (PKCE, no secret: a registered client can
 * do nothing until a person consents). The only writer of OAuthClient rows.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { newId } from "../../util/ids";
import { OAuthError } from "./oauth-error";
import { redirectUriProblem } from "./redirect-uris";
import { OAUTH_SCOPE } from "./oauth-config";

export const MAX_REGISTRATION_BYTES = 16_384;
const GRANT_TYPES = ["authorization_code", "refresh_token"];

const registrationSchema = z.looseObject({
  redirect_uris: z.array(z.string().max(2000)).min(1, "at least one redirect URI is needed").max(10),
  client_name: z.string().max(200).optional(),
  grant_types: z.array(z.string().max(100)).max(10).optional(),
  response_types: z.array(z.string().max(100)).max(10).optional(),
  token_endpoint_auth_method: z.string().max(100).optional(),
  scope: z.string().max(1000).optional(),
});

export interface RegisteredClient {
  client_id: string;
  client_id_issued_at: number;
  client_name: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: "none";
  scope: string;
}

/** A friendly name when the client gave none: the host of its first redirect URI. */
function defaultName(uri: string): string {
  return `MCP client at ${new URL(uri).host}`;
}

export async function registerClient(db: Db, body: unknown, opts: { address: string; now: Date }): Promise<RegisteredClient> {
  const parsed = registrationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OAuthError("invalid_client_metadata", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  const meta = parsed.data;
  for (const uri of meta.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new OAuthError("invalid_redirect_uri", problem);
  }
  const grantTypes = meta.grant_types ?? ["authorization_code", "refresh_token"];
  const unknown = grantTypes.find((g) => !GRANT_TYPES.includes(g));
  if (unknown) throw new OAuthError("invalid_client_metadata", `the grant type ${unknown.slice(0, 100)} is not offered`);
  if (meta.response_types && meta.response_types.some((r) => r !== "code"))
    throw new OAuthError("invalid_client_metadata", "only the response type code is offered");
  const name = meta.client_name?.trim() || defaultName(meta.redirect_uris[0]!);
  const row = await db.oAuthClient.create({
    data: {
      id: newId("mcpc", opts.now.getTime()),
      name,
      redirectUris: JSON.stringify(meta.redirect_uris),
      address: opts.address,
      createdAt: opts.now,
    },
  });
  return {
    client_id: row.id,
    client_id_issued_at: Math.floor(opts.now.getTime() / 1000),
    client_name: name,
    redirect_uris: meta.redirect_uris,
    grant_types: grantTypes,
    response_types: ["code"],
    // Public clients: PKCE is the proof; no secret is issued whatever method was asked for (RFC 7591 lets us say so).
    token_endpoint_auth_method: "none",
    scope: OAUTH_SCOPE,
  };
}

export async function findClient(db: Db, clientId: string) {
  if (clientId.length > 200) return null;
  const row = await db.oAuthClient.findUnique({ where: { id: clientId } });
  if (!row) return null;
  return { id: row.id, name: row.name, redirectUris: JSON.parse(row.redirectUris) as string[] };
}
