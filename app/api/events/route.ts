import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { checkEventsToken } from "@/server/api/events-auth";
import { requireAccess } from "@/server/api/http-auth";
import { ROUTE_ACCESS } from "@/server/api/http-routes";
import { getEnv } from "@/server/env";
import { publishEvent } from "@/server/services/events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/events with {type, key?, payload?, id?}: 202 with the event id; `duplicate` is true when an event with that
 * id was already published (nothing happens a second time). With accounts: an operator's session or API token; in
 * local mode: SWITCHYARD_EVENTS_TOKEN when it is set.
 */
export function POST(req: Request) {
  return handle(async () => {
    const ctx = createAppContext();
    if (getEnv().AUTH_MODE === "accounts") await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/events"]);
    else checkEventsToken(req);
    const body = await readJson(req);
    const result = await publishEvent(ctx.engine(), body, "http");
    return Response.json(result, { status: result.duplicate ? 200 : 202 });
  });
}
