import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { receiveWebhook } from "@/server/services/coordination/triggers";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/hooks/{triggerId}?secret=... (or header X-Switchyard-Secret) with a JSON body: starts a run of the trigger's
 * workflow. 202 with the run id; 200 with `duplicate` for a delivery id seen before (Idempotency-Key or X-Delivery-Id
 * header); 422 when the body does not make a valid input (nothing started).
 */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return handle(async () => {
    const { id } = await params;
    const url = new URL(req.url);
    const secret = req.headers.get("x-switchyard-secret") ?? url.searchParams.get("secret");
    const deliveryId = req.headers.get("idempotency-key") ?? req.headers.get("x-delivery-id");
    const body = await readJson(req);
    const ctx = createAppContext();
    const result = await receiveWebhook(ctx.db, ctx.control(), { triggerId: id, secret, body, deliveryId });
    if (result.status === "started") {
      return Response.json({ runId: result.runId, url: `${url.origin}/runs/${result.runId}` }, { status: 202 });
    }
    if (result.status === "duplicate") return Response.json({ duplicate: true }, { status: 200 });
    return Response.json({ error: { code: "skipped", message: result.reason } }, { status: 422 });
  });
}
