import { createAppContext } from "@/server/context";
import { postRun } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/workflows/{id}/runs with the run's input as JSON (server/api/http-routes.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return postRun(createAppContext(), req, (await params).id);
}
