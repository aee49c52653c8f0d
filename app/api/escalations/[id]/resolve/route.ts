import { createAppContext } from "@/server/context";
import { postResolve } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/escalations/{id}/resolve with {resolution, note?} (server/api/http-routes.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return postResolve(createAppContext(), req, (await params).id);
}
