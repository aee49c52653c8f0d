/**
 * The /mcp endpoint's Streamable HTTP handling (web-standard Request -> Response, so the Next.js route and a plain
 * Node server share it). Sessions live in this process's memory (an SDK transport and server each); a session is
 * bound to the caller that opened it, expires after 30 idle minutes, and at most MAX_SESSIONS are kept (the oldest
 * idle one goes first). Runs and tasks are in the database, so a client whose session is gone re-initializes and
 * finds its tasks again. Authentication happens before this (server/api/mcp-route.ts).
 */
import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { McpAuth, McpBackendFactory } from "./backend";
import { createSwitchyardServer, type McpServerOptions } from "./server";

const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 500;

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  callerId: string;
  lastSeen: number;
}

export interface McpHttpHandler {
  handle(req: Request, auth: McpAuth, parsedBody: unknown): Promise<Response>;
  /** Closes every session (shutdown, tests). */
  close(): Promise<void>;
  sessionCount(): number;
}

const jsonRpcError = (status: number, code: number, message: string) =>
  Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });

export function createMcpHttpHandler(backendFor: McpBackendFactory, options: McpServerOptions): McpHttpHandler {
  const sessions = new Map<string, Session>();

  const sweep = async (now: number) => {
    const idle = [...sessions.entries()].filter(([, s]) => now - s.lastSeen > IDLE_MS);
    const over = sessions.size - idle.length - (MAX_SESSIONS - 1);
    const oldest = over > 0 ? [...sessions.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen).slice(0, over) : [];
    for (const [id, s] of [...idle, ...oldest]) {
      sessions.delete(id);
      await s.transport.close().catch(() => undefined);
    }
  };

  return {
    async handle(req, auth, parsedBody) {
      const now = Date.now();
      const sessionId = req.headers.get("mcp-session-id");
      if (sessionId) {
        const session = sessions.get(sessionId);
        if (!session) return jsonRpcError(404, -32001, "Session not found: start a new session (initialize)");
        if (session.callerId !== auth.callerId) return jsonRpcError(403, -32002, "This session belongs to another caller");
        session.lastSeen = now;
        return session.transport.handleRequest(req, { parsedBody });
      }
      const initializing = Array.isArray(parsedBody) ? parsedBody.some(isInitializeRequest) : isInitializeRequest(parsedBody);
      if (req.method !== "POST" || !initializing)
        return jsonRpcError(400, -32000, "Bad request: send an initialize request first (no Mcp-Session-Id header)");
      await sweep(now);
      const server = createSwitchyardServer(backendFor(auth), options);
      const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server, callerId: auth.callerId, lastSeen: Date.now() });
        },
        onsessionclosed: (id) => {
          sessions.delete(id);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      return transport.handleRequest(req, { parsedBody });
    },
    async close() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.transport.close().catch(() => undefined)));
    },
    sessionCount: () => sessions.size,
  };
}
