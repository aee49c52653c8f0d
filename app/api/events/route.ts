import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { checkEventsToken } from "@/server/api/events-auth";
import { requireAccess } from "@/server/api/http-auth";
import { ROUTE_ACCESS } from "@/server/api/http-routes";
import { getEnv } from "@/server/env";
import { publishEvent } from "@/server/services/events";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/events with {type, key?, payload?, id?}: 202 with the event id; 200 with `duplicate: true` when the same
 * event (same id, type, key and payload) was already published (nothing happens a second time); 409 naming the fields
 * when that id was used for a different event. With accounts: an operator's session or API token; in
 * local mode: SWITCHYARD_EVENTS_TOKEN when it is set.
 */
export function POST(req: Request) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return handle(async () => {
    const ctx = createAppContext();
    if (getEnv().AUTH_MODE === "accounts") await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/events"]);
    else checkEventsToken(req);
    const body = await readJson(req);
    const result = await publishEvent(ctx.control(), body, "http");
    return Response.json(result, { status: result.duplicate ? 200 : 202 });
  });
}
