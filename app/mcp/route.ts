import { getMcpEndpoint } from "@/server/api/mcp-app";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The MCP endpoint (Streamable HTTP): offered workflows and operator tools for any MCP client. POST carries JSON-RPC
 * messages; GET and DELETE answer 405 (nothing is held per session: docs/mcp-server.md). See server/api/mcp-route.ts.
 */
export function POST(req: Request) {
  return getMcpEndpoint().handle(req);
}
export function GET(req: Request) {
  return getMcpEndpoint().handle(req);
}
export function DELETE(req: Request) {
  return getMcpEndpoint().handle(req);
}
