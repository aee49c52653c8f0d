import { createAppContext } from "@/server/context";
import { handle } from "@/server/api/http";
import { getRun } from "@/server/services/run-views";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/runs/{id}: the run's status, where it is, and its result or failure. */
export function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const run = await getRun(createAppContext().db, id);
    return Response.json({
      id: run.id,
      workflow: run.workflow,
      version: run.version,
      status: run.status,
      currentState: run.currentState,
      output: run.output,
      failure: run.failure,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    });
  });
}
