import { z } from "zod";
import { tracked } from "@trpc/server";
import { publicProcedure, router } from "../trpc";
import { cancelRun, startRun } from "../../services/runs";
import { getRun, listRuns } from "../../services/run-views";
import { watchRun } from "../../services/run-feed";

const id = z.string().min(1).max(100);

export const runsRouter = router({
  start: publicProcedure
    .input(z.object({ workflowId: id, input: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => startRun(ctx.db, ctx.engine(), input)),
  list: publicProcedure
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
  get: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => getRun(ctx.db, input.id)),
  /** The run's transitions as they commit (SSE); the tracked id is the seq, so a reconnect resumes after the last one seen. */
  watch: publicProcedure.input(z.object({ runId: id, lastEventId: z.string().max(40).nullish() })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    for await (const change of watchRun(ctx.db, input.runId, input.lastEventId, signal)) {
      yield tracked(String(change.seq), change);
    }
  }),
  cancel: publicProcedure
    .input(z.object({ id, compensate: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      cancelRun(ctx.db, ctx.engine(), { runId: input.id, compensate: input.compensate, by: "local user" }),
    ),
});
