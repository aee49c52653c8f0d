import { createAppContext } from "@/server/context";
import { postRerun } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/runs/{id}/rerun with {"stateId", "visit"?, "args"?}: a new run starting at that step (server/api/http-routes.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return postRerun(createAppContext(), req, (await params).id);
}
