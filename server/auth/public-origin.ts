/** Where clients reach Switchyard, for URLs it hands out (the MCP resource, OAuth metadata and redirects). */
import type { Env } from "../env";

/** SWITCHYARD_PUBLIC_URL, else the origin the request was sent to. */
export function originOf(req: Request, env: Pick<Env, "SWITCHYARD_PUBLIC_URL">): string {
  if (env.SWITCHYARD_PUBLIC_URL) return env.SWITCHYARD_PUBLIC_URL.replace(/\/+$/, "");
  const url = new URL(req.url);
  // The host the client used (Next.js may rewrite req.url's host to its own name).
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

/** The MCP endpoint's path, and its URL as the OAuth resource (RFC 8707 audience) of access tokens. */
export const MCP_PATH = "/mcp";
export const mcpResourceOf = (origin: string) => `${origin}${MCP_PATH}`;
