import { z } from "zod";
import { createAppContext } from "@/server/context";
import { handle, readJson } from "@/server/api/http";
import { AppError } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import { rerun } from "@/server/services/rerun";
import { requireAccess } from "@/server/api/http-auth";
import { ROUTE_ACCESS } from "@/server/api/http-routes";
import { audit } from "@/server/api/audit-context";
import { refuseForeign } from "@/server/api/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const body = z.object({
  stateId: z.string().min(1, "Name the step to start at").max(100),
  visit: z.int().min(1).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

/** POST /api/runs/{id}/rerun with {"stateId", "args"?}: a new run starting at that step of a finished run (201). */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseForeign(req);
  if (refused) return Promise.resolve(refused);
  return handle(async () => {
    const { id } = await params;
    const ctx = createAppContext({ req, resHeaders: new Headers() });
    const actor = await requireAccess(ctx.db, req, ROUTE_ACCESS["POST /api/runs/{id}/rerun"]);
    const parsed = body.safeParse(await readJson(req));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => problem(i.path as (string | number)[], "invalid", i.message));
      throw new AppError("invalid", `The body has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, problems);
    }
    const { runId } = await rerun(ctx.db, ctx.control(), { runId: id, ...parsed.data });
    await audit({ ...ctx, actor }, "run.rerun", id, `from ${parsed.data.stateId} as ${runId}`);
    const origin = new URL(req.url).origin;
    return Response.json(
      { runId, parentRunId: id, url: `${origin}/runs/${runId}`, statusUrl: `${origin}/api/runs/${runId}` },
      { status: 201 },
    );
  });
}
