/**
 * Streamable HTTP for the demo servers: 127.0.0.1 only, endpoint /mcp with
 * stateful sessions (one McpServer and transport per session), GET /health.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

export interface HttpHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const rpcError = (res: ServerResponse, status: number, code: number, message: string) =>
  json(res, status, { jsonrpc: "2.0", error: { code, message }, id: null });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves `factory()` servers on 127.0.0.1:`port` (0: any free port). */
export async function serveHttp(name: string, factory: () => McpServer, port: number): Promise<HttpHandle> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; mcp: McpServer }>();
  let allowedHosts: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    if (pathname === "/health" && req.method === "GET") {
      return json(res, 200, { status: "ok", server: name, pid: process.pid, sessions: sessions.size });
    }
    if (pathname !== "/mcp") return json(res, 404, { error: "not found: the MCP endpoint is /mcp" });

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, -32001, "Session not found");
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== "POST") return rpcError(res, 400, -32000, "Bad Request: no session (initialize first)");
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return rpcError(res, 400, -32700, "Parse error");
    }
    if (!isInitializeRequest(body)) return rpcError(res, 400, -32000, "Bad Request: no valid session ID provided");

    const mcp = factory();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport, mcp }),
      enableDnsRebindingProtection: true,
      allowedHosts,
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`[${name}] HTTP error:`, err);
      if (!res.headersSent) rpcError(res, 500, -32603, "Internal server error");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${actual}`, `localhost:${actual}`];
  return {
    url: `http://127.0.0.1:${actual}/mcp`,
    port: actual,
    async close() {
      for (const { mcp } of sessions.values()) await mcp.close().catch(() => {});
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
