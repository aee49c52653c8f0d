/**
 * /mcp on a plain Node HTTP server: `npm run worker` deployments (SWITCHYARD_MCP_PORT) and tests. The same endpoint
 * as the Next.js route (web-standard Request/Response, bridged by @hono/node-server), plus the protected-resource
 * metadata at its well-known path and, in accounts mode, the OAuth authorization server (server/api/oauth-server.ts;
 * its consent page is the app's).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { AppContext } from "../context";
import { createMcpEndpoint, MCP_PATH, resourceMetadata } from "./mcp-route";
import { oauthServerRoute } from "./oauth-server";

export interface McpNodeServer {
  url: string;
  port: number;
  /** Requests this server is still answering. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startMcpNodeServer(
  base: () => Omit<AppContext, "http">,
  opts: { port: number; host: string },
): Promise<McpNodeServer> {
  const endpoint = createMcpEndpoint(base);
  const listener = getRequestListener(async (req) => {
    const path = new URL(req.url).pathname;
    if (path === MCP_PATH) return endpoint.handle(req);
    if (path.startsWith("/.well-known/oauth-protected-resource") && req.method === "GET") return resourceMetadata(req);
    const oauth = oauthServerRoute(() => base().db, req);
    if (oauth) return oauth;
    return new Response("Not found: the MCP endpoint is /mcp", { status: 404 });
  });
  const server: Server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}${MCP_PATH}`,
    port,
    inFlight: () => endpoint.inFlight(),
    async close() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
