import { createAppContext } from "@/server/context";
import { getRunRoute } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/runs/{id}: the run's status, where it is, and its result or failure (server/api/http-routes.ts). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return getRunRoute(createAppContext(), req, (await params).id);
}
