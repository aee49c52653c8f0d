import { createAppContext } from "@/server/context";
import { postRunBatch } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/workflows/{id}/runs/batch with {"inputs": [...]}: one run per input (server/api/http-routes.ts). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return postRunBatch(createAppContext(), req, (await params).id);
}
