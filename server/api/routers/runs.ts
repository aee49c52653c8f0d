import { z } from "zod";
import { operatorProcedure, router, runnerProcedure, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import { actorName } from "../../auth/actor";
import { cancelRun, startRun } from "../../services/runs";
import { getRun, listRuns } from "../../services/run-views";

const id = z.string().min(1).max(100);

export const runsRouter = router({
  start: runnerProcedure
    .input(z.object({ workflowId: id, input: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => startRun(ctx.db, ctx.engine(), input)),
  list: viewerProcedure
    .input(
      z
        .object({
          workflowId: id.optional(),
          status: z.string().max(40).optional(),
          cursor: id.optional(),
          limit: z.int().min(1).max(200).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listRuns(ctx.db, input ?? {})),
  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) => getRun(ctx.db, input.id)),
  cancel: operatorProcedure.input(z.object({ id, compensate: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    const by = actorName(ctx.actor);
    const result = await cancelRun(ctx.db, ctx.engine(), { runId: input.id, compensate: input.compensate, by });
    await audit(ctx, "run.cancel", input.id, input.compensate ? "with compensation" : "");
    return result;
  }),
});
