import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { checkEventsToken } from "@/server/api/events-auth";
import { publishEvent } from "@/server/services/events";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/events with {type, key?, payload?, id?}: 202 with the event id; `duplicate` is true when an event with that
 * id was already published (nothing happens a second time).
 */
export function POST(req: Request) {
  return handle(async () => {
    checkEventsToken(req);
    const body = await readJson(req);
    const ctx = createAppContext();
    const result = await publishEvent(ctx.engine(), body, "http");
    return Response.json(result, { status: result.duplicate ? 200 : 202 });
  });
}
