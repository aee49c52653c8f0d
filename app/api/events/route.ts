import { createAppContext } from "@/server/context";
import { postEvent } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/events with {type, key?, payload?, id?}: publishes an event (server/api/http-routes.ts). */
export function POST(req: Request) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return postEvent(createAppContext(), req);
}
