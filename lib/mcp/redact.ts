/**
 * Secret values kept out of error texts, logs and traces: an MCP server's env values, header values and bearer token
 * are all stored encrypted (secrets), and a server may print them (a start-up banner, a failing request echoed on
 * stderr). Every text that leaves an MCP connection (errors, stderr tails, log lines) goes through the connection's
 * redactor, so what is stored as a server's last error or a step's failure never holds them.
 */
import type { McpServerConfig } from "@/lib/mcp/server-config";

export const REDACTED = "[redacted]";
/** Shorter values ("1", "on") are not secrets, and hiding them would garble every message. */
const MIN_SECRET_LENGTH = 4;

export function secretValuesOf(config: McpServerConfig): string[] {
  const values =
    config.transport === "stdio"
      ? Object.values(config.env)
      : [...Object.values(config.headers), ...(config.bearerToken ? [config.bearerToken] : [])];
  const out = new Set<string>();
  for (const v of values) {
    if (v.length < MIN_SECRET_LENGTH) continue;
    out.add(v);
    // A value may also appear JSON-escaped or URL-encoded in what a server prints.
    out.add(JSON.stringify(v).slice(1, -1));
    out.add(encodeURIComponent(v));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export type Redact = (text: string) => string;

export function makeRedactor(secrets: string[]): Redact {
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}
