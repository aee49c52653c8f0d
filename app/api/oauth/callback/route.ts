import { createAppContext } from "@/server/context";
import { getOAuthCallback } from "@/server/api/oauth-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/oauth/callback: the admin comes back here from the authorization server (see server/api/oauth-routes.ts). */
export function GET(req: Request) {
  return refuseForeign(req) ?? getOAuthCallback(createAppContext({ req, resHeaders: new Headers() }), req);
}
