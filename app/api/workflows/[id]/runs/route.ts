import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { startRun } from "@/server/services/runs";
import { AppError } from "@/server/api/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/workflows/{id}/runs with the run's input as JSON: 201 with the run id and its URLs. */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const body = await readJson(req);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new AppError("invalid", "The body must be a JSON object: the run's input");
    const ctx = createAppContext();
    const { runId, version } = await startRun(ctx.db, ctx.engine(), { workflowId: id, input: body });
    const origin = new URL(req.url).origin;
    return Response.json(
      { runId, version, url: `${origin}/runs/${runId}`, statusUrl: `${origin}/api/runs/${runId}` },
      { status: 201 },
    );
  });
}
