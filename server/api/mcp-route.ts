/**
 * The /mcp endpoint (Streamable HTTP) around the MCP adapter (server/mcp/server): who calls, then the SDK transport.
 * Accounts mode: /mcp is an OAuth 2.0 protected resource (RFC 9728, as the MCP authorization specification asks):
 * a request without valid credentials gets 401 with `WWW-Authenticate: Bearer resource_metadata=...`, and the
 * metadata names the resource and how to send a token; Switchyard's API tokens (Settings) are the bearer tokens.
 * Local mode: the same loopback rule as the rest of the app, plus a loopback Host (and Origin, when sent) so a web
 * page cannot reach it through DNS rebinding.
 */
import type { AppContext } from "../context";
import { getEnv, isLoopback, type Env } from "../env";
import { authenticate } from "../auth/authenticate";
import { MCP_PATH, mcpResourceOf, originOf } from "../auth/public-origin";
import { OAUTH_SCOPE } from "../auth/oauth/oauth-config";
import type { Actor } from "../auth/actor";
import { isAppError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "./http";
import { createMcpBackend } from "./mcp-backend";
import { createMcpHttpHandler, type McpHttpHandler } from "../mcp/server/http";
import { sessionKeyOf } from "../mcp/server/session-id";
import { loadSecretKey } from "../security/secrets";

export { MCP_PATH, originOf };
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";
const VERSION = "0.1.0";

export interface McpEndpoint {
  handle(req: Request): Promise<Response>;
  close(): Promise<void>;
  /** Requests this process is still answering (tests, shutdown). */
  inFlight(): number;
}

const jsonRpcError = (status: number, code: number, message: string, headers?: HeadersInit) =>
  Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });

/** RFC 9728 protected-resource metadata for /mcp. */
export function resourceMetadata(req: Request, env: Env = getEnv()): Response {
  const origin = originOf(req, env);
  return Response.json(
    {
      resource: mcpResourceOf(origin),
      resource_name: "Switchyard",
      bearer_methods_supported: ["header"],
      // Accounts mode: Switchyard is its own authorization server (server/auth/oauth); API tokens work as well.
      authorization_servers: env.AUTH_MODE === "accounts" ? [origin] : [],
      ...(env.AUTH_MODE === "accounts" ? { scopes_supported: [OAUTH_SCOPE] } : {}),
      resource_documentation: `${origin}/settings#mcp`,
    },
    { headers: { "cache-control": "max-age=300" } },
  );
}

function hostName(value: string): string {
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).hostname;
  } catch {
    return "";
  }
}

/** Local mode: a request must name a loopback host (DNS rebinding), and a browser's Origin must be loopback too. */
export function localRequestProblem(req: Request): string | null {
  const host = req.headers.get("host") ?? new URL(req.url).host;
  if (!isLoopback(hostName(host)))
    return `the Host ${host} is not a loopback address (local mode answers only 127.0.0.1/localhost)`;
  const origin = req.headers.get("origin");
  if (origin && !isLoopback(hostName(origin))) return `requests from ${origin} may not use the local MCP endpoint`;
  return null;
}

function callerIdOf(actor: Actor): string {
  if (actor.kind === "oauth") return `oauth:${actor.grantId ?? ""}`;
  if (actor.kind === "token") return `token:${actor.tokenId ?? actor.userId ?? ""}`;
  if (actor.kind === "session") return `user:${actor.userId ?? ""}`;
  return "local";
}

async function readBody(req: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  if (req.method !== "POST") return { ok: true, body: undefined };
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES)
    return { ok: false, response: jsonRpcError(413, -32600, `The request body is larger than ${MAX_BODY_BYTES} bytes`) };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: jsonRpcError(400, -32700, "Parse error: the body is not JSON") };
  }
}

export function createMcpEndpoint(base: () => Omit<AppContext, "http">): McpEndpoint {
  let handler: McpHttpHandler | null = null;
  const handlerOf = (env: Env) =>
    (handler ??= createMcpHttpHandler((auth) => createMcpBackend(base(), auth), {
      version: VERSION,
      sessionKey: sessionKeyOf(loadSecretKey(env)),
      waitMs: env.SWITCHYARD_MCP_WAIT_SECONDS * 1000,
    }));
  return {
    async handle(req) {
      const env = getEnv();
      const origin = originOf(req, env);
      if (env.AUTH_MODE === "local") {
        const problem = localRequestProblem(req);
        if (problem) return jsonRpcError(403, -32000, `Refused: ${problem}`);
      }
      const challenge = {
        "WWW-Authenticate": `Bearer resource_metadata="${origin}${RESOURCE_METADATA_PATH}", scope="${OAUTH_SCOPE}"`,
      };
      let actor: Actor | null;
      try {
        actor = await authenticate(base().db, env, { req });
      } catch (err) {
        if (!isAppError(err)) throw err;
        const status = err.kind === "rate_limited" ? 429 : err.kind === "forbidden" ? 403 : 401;
        // A token was presented and refused (RFC 6750: invalid_token), e.g. expired: the client refreshes or re-authorizes.
        const refused = { "WWW-Authenticate": `${challenge["WWW-Authenticate"]}, error="invalid_token"` };
        return jsonRpcError(status, -32001, err.message, status === 401 ? refused : undefined);
      }
      if (!actor)
        return jsonRpcError(
          401,
          -32001,
          "Authorize with OAuth (see the resource metadata) or send an API token (Settings > API tokens) as Authorization: Bearer <token>",
          challenge,
        );
      const body = await readBody(req);
      if (!body.ok) return body.response;
      const headers = new Headers();
      for (const name of ["authorization", "cookie", "x-forwarded-for"]) {
        const value = req.headers.get(name);
        if (value) headers.set(name, value);
      }
      return handlerOf(env).handle(req, { callerId: callerIdOf(actor), headers, origin }, body.body);
    },
    async close() {
      await handler?.close();
      handler = null;
    },
    inFlight: () => handler?.inFlight() ?? 0,
  };
}
