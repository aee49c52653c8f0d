/**
 * Splits an MCP server config into what is stored in clear (command, args,
 * url, the NAMES of env variables and headers) and what is encrypted (their
 * values and the bearer token); joins them back; and redacts for the browser.
 */
import { SECRET_SET, type McpServerConfig } from "@/lib/mcp/server-config";
import type { SecretBox } from "../security/secrets";

export type PublicConfig =
  | { transport: "stdio"; command: string; args: string[]; cwd?: string | undefined; envNames: string[] }
  | { transport: "http" | "sse"; url: string; headerNames: string[]; hasBearerToken: boolean };

interface SecretValues {
  env?: Record<string, string>;
  headers?: Record<string, string>;
  bearerToken?: string;
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
  const values: SecretValues = { headers: config.headers, ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}) };
  const hasSecrets = Object.keys(config.headers).length > 0 || Boolean(config.bearerToken);
  return {
    config: {
      transport: config.transport,
      url: config.url,
      headerNames: Object.keys(config.headers),
      hasBearerToken: Boolean(config.bearerToken),
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
  return {
    ...edited,
    headers: keep(edited.headers, oldHeaders),
    ...(bearerToken ? { bearerToken } : { bearerToken: undefined }),
  };
}

function keep(edited: Record<string, string>, old: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(edited).flatMap(([k, v]) => (v === SECRET_SET ? (k in old ? [[k, old[k]!]] : []) : [[k, v]])),
  );
}
