import { createAppContext } from "@/server/context";
import { preflight, token } from "@/server/api/oauth-server";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The MCP authorization server's token endpoint (server/api/oauth-server.ts). */
export function POST(req: Request) {
  return refuseForeign(req) ?? token(createAppContext().db, req);
}
export function OPTIONS() {
  return preflight();
}
