import { createAppContext } from "@/server/context";
import { preflight, revoke } from "@/server/api/oauth-server";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The MCP authorization server's revoke endpoint (server/api/oauth-server.ts). */
export function POST(req: Request) {
  return refuseForeign(req) ?? revoke(createAppContext().db, req);
}
export function OPTIONS() {
  return preflight();
}
