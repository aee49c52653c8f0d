import { createAppContext } from "@/server/context";
import { getOAuthCallback } from "@/server/api/oauth-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/oauth/callback: the admin comes back here from the authorization server (see server/api/oauth-routes.ts). */
export function GET(req: Request) {
  return getOAuthCallback(createAppContext({ req, resHeaders: new Headers() }), req);
}
