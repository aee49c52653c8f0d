import { createAppContext } from "@/server/context";
import { getStoredResult } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/runs/{id}/results/{blobId}: a step result stored apart, as a JSON download (server/api/http-routes.ts). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; blobId: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  const { id, blobId } = await params;
  return getStoredResult(createAppContext(), req, id, blobId);
}
