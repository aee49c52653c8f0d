import { preflight, serverMetadata } from "@/server/api/oauth-server";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** RFC 8414 authorization server metadata; served at /.well-known/oauth-authorization-server (next.config.js). */
export function GET(req: Request) {
  return refuseForeign(req) ?? serverMetadata(req);
}
export function OPTIONS() {
  return preflight();
}
