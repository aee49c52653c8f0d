import { createAppContext } from "@/server/context";
import { handle } from "@/server/api/http";
import { readBlob } from "@/server/services/run-blobs";
import { requireAccess } from "@/server/api/http-auth";
import { ROUTE_ACCESS } from "@/server/api/http-routes";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/runs/{id}/results/{blobId}: a step result stored apart (over the size budget), as a JSON download. */
export function GET(req: Request, { params }: { params: Promise<{ id: string; blobId: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return handle(async () => {
    const { id, blobId } = await params;
    const db = createAppContext().db;
    await requireAccess(db, req, ROUTE_ACCESS["GET /api/runs/{id}/results/{blobId}"]);
    const blob = await readBlob(db, id, blobId);
    const name = `${id}-${blob.stateId}-${blob.visit}-${blob.attempt}.json`.replace(/[^\w.-]/g, "_");
    return new Response(blob.data, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "content-length": String(Buffer.byteLength(blob.data)),
      },
    });
  });
}
