/**
 * How to reach an MCP server: the shape shared by the Servers page (forms) and
 * the server (validation, connection). Secret values (env values, header
 * values, bearer tokens) are encrypted at rest and never sent back to the
 * browser: the browser sees which secrets are set, not their values.
 */
import { z } from "zod";

export const SERVER_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name");
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, "must be a valid HTTP header name");
const httpUrl = z
  .string()
  .trim()
  .url("must be a URL such as http://127.0.0.1:3001/mcp")
  .refine((u) => /^https?:\/\//.test(u), "must start with http:// or https://");

export const stdioConfig = z.strictObject({
  transport: z.literal("stdio"),
  command: z.string().trim().min(1, "needs a command to start the server"),
  args: z.array(z.string()).max(100),
  env: z.record(envName, z.string()),
  cwd: z.string().trim().optional(),
});

const scope = z.string().trim().max(1000).optional();

/**
 * How Switchyard obtains OAuth tokens for a server (MCP authorization). The
 * secret fields (clientSecret, privateKeyPem, idToken) are encrypted at rest
 * like the other secrets and shown to the browser only as SECRET_SET.
 */
export const oauthSettings = z.discriminatedUnion("grant", [
  /** An admin connects in a browser (authorization code + PKCE); tokens are refreshed unattended. */
  z.strictObject({
    grant: z.literal("authorization_code"),
    /** Pre-registered credentials; without them Switchyard uses its metadata document or registers itself. */
    clientId: z.string().trim().max(500).optional(),
    clientSecret: z.string().max(2000).optional(),
    scope,
  }),
  /** Machine to machine: client credentials with a client secret (basic) or a private key (private_key_jwt). */
  z.strictObject({
    grant: z.literal("client_credentials"),
    clientId: z.string().trim().min(1, "needs the client id").max(500),
    clientSecret: z.string().max(2000).optional(),
    privateKeyPem: z.string().max(20_000).optional(),
    signingAlgorithm: z.string().trim().max(10).optional(),
    scope,
  }),
  /** Cross-app access: an identity provider's ID token exchanged for an ID-JAG, then a JWT bearer grant. */
  z.strictObject({
    grant: z.literal("cross_app"),
    clientId: z.string().trim().min(1, "needs the client id").max(500),
    clientSecret: z.string().max(2000),
    idpTokenEndpoint: httpUrl,
    idpClientId: z.string().trim().min(1).max(500),
    idToken: z.string().max(20_000),
    scope,
  }),
]);
export type OAuthSettings = z.infer<typeof oauthSettings>;
export type OAuthGrant = OAuthSettings["grant"];

export const OAUTH_GRANT_LABELS: Record<OAuthGrant, string> = {
  authorization_code: "Connect as a person (authorization code)",
  client_credentials: "Client credentials (machine to machine)",
  cross_app: "Cross-app access (identity provider)",
};

export const httpConfig = z.strictObject({
  transport: z.enum(["http", "sse"]),
  url: httpUrl,
  headers: z.record(headerName, z.string()),
  bearerToken: z.string().optional(),
  oauth: oauthSettings.optional(),
});

export const serverConfigSchema = z.discriminatedUnion("transport", [stdioConfig, httpConfig]);
export type McpServerConfig = z.infer<typeof serverConfigSchema>;
export type StdioServerConfig = z.infer<typeof stdioConfig>;
export type HttpServerConfig = z.infer<typeof httpConfig>;

export const TRANSPORT_LABELS: Record<McpServerConfig["transport"], string> = {
  stdio: "Local command (stdio)",
  http: "Streamable HTTP",
  sse: "HTTP + SSE (legacy)",
};

/**
 * What the browser sees of a config: secret values replaced by a marker. When
 * saving, a value equal to SECRET_SET keeps the stored secret.
 */
export const SECRET_SET = "\u2022\u2022\u2022\u2022 set";
