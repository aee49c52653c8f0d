/**
 * Splits an MCP server config into what is stored in clear (command, args,
 * url, the NAMES of env variables and headers) and what is encrypted (their
 * values and the bearer token); joins them back; and redacts for the browser.
 */
import { SECRET_SET, type McpServerConfig, type OAuthSettings } from "@/lib/mcp/server-config";
import type { SecretBox } from "../../security/secrets";

export type PublicConfig =
  | { transport: "stdio"; command: string; args: string[]; cwd?: string | undefined; envNames: string[] }
  | { transport: "http" | "sse"; url: string; headerNames: string[]; hasBearerToken: boolean; oauth?: PublicOAuth | undefined };

/** The OAuth settings without their secret values (client secret, private key, ID token): which are set. */
export type PublicOAuth = { [K in OAuthSettings as K["grant"]]: Omit<K, OAuthSecretField> }[OAuthSettings["grant"]] & {
  secretsSet: OAuthSecretField[];
};

const OAUTH_SECRET_FIELDS = ["clientSecret", "privateKeyPem", "idToken"] as const;
type OAuthSecretField = (typeof OAUTH_SECRET_FIELDS)[number];
type OAuthSecrets = Partial<Record<OAuthSecretField, string>>;

interface SecretValues {
  env?: Record<string, string>;
  headers?: Record<string, string>;
  bearerToken?: string;
  oauth?: OAuthSecrets;
}

function splitOAuth(oauth: OAuthSettings): { open: PublicOAuth; secrets: OAuthSecrets } {
  const secrets: OAuthSecrets = {};
  const open: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(oauth)) {
    if ((OAUTH_SECRET_FIELDS as readonly string[]).includes(key)) {
      if (typeof value === "string" && value !== "") secrets[key as OAuthSecretField] = value;
    } else if (value !== undefined) open[key] = value;
  }
  return { open: { ...open, secretsSet: Object.keys(secrets) } as PublicOAuth, secrets };
}

function joinOAuth(open: PublicOAuth, secrets: OAuthSecrets | undefined): OAuthSettings {
  const { secretsSet: _set, ...rest } = open;
  return { ...rest, ...secrets } as OAuthSettings;
}

export function splitConfig(config: McpServerConfig, box: SecretBox): { config: PublicConfig; secrets: string } {
  if (config.transport === "stdio") {
    const values: SecretValues = { env: config.env };
    return {
      config: {
        transport: "stdio",
        command: config.command,
        args: config.args,
        cwd: config.cwd,
        envNames: Object.keys(config.env),
      },
      secrets: Object.keys(config.env).length > 0 ? box.encrypt(JSON.stringify(values)) : "",
    };
  }
  const oauth = config.oauth ? splitOAuth(config.oauth) : undefined;
  const values: SecretValues = {
    headers: config.headers,
    ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
    ...(oauth ? { oauth: oauth.secrets } : {}),
  };
  const hasSecrets =
    Object.keys(config.headers).length > 0 || Boolean(config.bearerToken) || Object.keys(oauth?.secrets ?? {}).length > 0;
  return {
    config: {
      transport: config.transport,
      url: config.url,
      headerNames: Object.keys(config.headers),
      hasBearerToken: Boolean(config.bearerToken),
      ...(oauth ? { oauth: oauth.open } : {}),
    },
    secrets: hasSecrets ? box.encrypt(JSON.stringify(values)) : "",
  };
}

export function joinConfig(config: PublicConfig, secrets: string, box: SecretBox): McpServerConfig {
  const values = (secrets ? JSON.parse(box.decrypt(secrets)) : {}) as SecretValues;
  if (config.transport === "stdio") {
    return {
      transport: "stdio",
      command: config.command,
      args: config.args,
      env: values.env ?? {},
      ...(config.cwd ? { cwd: config.cwd } : {}),
    };
  }
  return {
    transport: config.transport,
    url: config.url,
    headers: values.headers ?? {},
    ...(values.bearerToken ? { bearerToken: values.bearerToken } : {}),
    ...(config.oauth ? { oauth: joinOAuth(config.oauth, values.oauth) } : {}),
  };
}

/** What the browser sees: every secret value replaced by the SECRET_SET marker. */
export function redactConfig(config: PublicConfig): McpServerConfig {
  if (config.transport === "stdio") {
    return {
      transport: "stdio",
      command: config.command,
      args: config.args,
      env: Object.fromEntries(config.envNames.map((n) => [n, SECRET_SET])),
      ...(config.cwd ? { cwd: config.cwd } : {}),
    };
  }
  return {
    transport: config.transport,
    url: config.url,
    headers: Object.fromEntries(config.headerNames.map((n) => [n, SECRET_SET])),
    ...(config.hasBearerToken ? { bearerToken: SECRET_SET } : {}),
    ...(config.oauth
      ? { oauth: joinOAuth(config.oauth, Object.fromEntries(config.oauth.secretsSet.map((f) => [f, SECRET_SET]))) }
      : {}),
  };
}

/** A config edited in the browser: values still equal to SECRET_SET keep their stored value. */
export function mergeSecrets(edited: McpServerConfig, stored: McpServerConfig | null): McpServerConfig {
  if (!stored) return edited;
  if (edited.transport === "stdio") {
    const old = stored.transport === "stdio" ? stored.env : {};
    return { ...edited, env: keep(edited.env, old) };
  }
  const oldHeaders = stored.transport === "stdio" ? {} : stored.headers;
  const oldToken = stored.transport === "stdio" ? undefined : stored.bearerToken;
  const bearerToken = edited.bearerToken === SECRET_SET ? oldToken : edited.bearerToken;
  const oldOAuth = stored.transport === "stdio" ? undefined : stored.oauth;
  return {
    ...edited,
    headers: keep(edited.headers, oldHeaders),
    ...(bearerToken ? { bearerToken } : { bearerToken: undefined }),
    ...(edited.oauth ? { oauth: mergeOAuth(edited.oauth, oldOAuth) } : {}),
  };
}

/** OAuth secret fields still equal to SECRET_SET keep their stored value (only while the grant is the same). */
function mergeOAuth(edited: OAuthSettings, stored: OAuthSettings | undefined): OAuthSettings {
  const merged: Record<string, unknown> = { ...edited };
  for (const field of OAUTH_SECRET_FIELDS) {
    if (merged[field] !== SECRET_SET) continue;
    const old = stored && stored.grant === edited.grant ? (stored as Record<string, unknown>)[field] : undefined;
    if (old === undefined) delete merged[field];
    else merged[field] = old;
  }
  return merged as OAuthSettings;
}

function keep(edited: Record<string, string>, old: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(edited).flatMap(([k, v]) => (v === SECRET_SET ? (k in old ? [[k, old[k]!]] : []) : [[k, v]])),
  );
}
