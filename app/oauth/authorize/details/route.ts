import { createAppContext } from "@/server/context";
import { authorizeDetails } from "@/server/api/oauth-server";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What the consent page shows about an authorization request (the signed-in person's session). */
export function GET(req: Request) {
  return refuseForeign(req) ?? authorizeDetails(createAppContext().db, req);
}
