import { z } from "zod";
import { tracked } from "@trpc/server";
import { adminProcedure, operatorProcedure, router, runnerProcedure, viewerProcedure } from "../trpc";
import { audit, decisionAudit } from "../audit-context";
import { actorName } from "../../auth/actor";
import { cancelRun, startRun, startRuns } from "../../services/runs/runs";
import { readBlob } from "../../services/runs/run-blobs";
import { getRun } from "../../services/runs/run-views";
import { runDelta } from "../../services/runs/run-delta";
import { listRuns, runFacets, setStuckAfterMinutes } from "../../services/runs/run-list";
import { RUN_STATUS_FILTERS as STATUS_FILTERS } from "@/lib/runs/status";
import { watchRun } from "../../services/runs/run-feed";
import { rerun, rerunPreview } from "../../services/runs/rerun";
import { exactJsonObject } from "@/lib/workflow/json-value";

const id = z.string().min(1).max(100);

export const runsRouter = router({
  start: runnerProcedure
    .input(z.object({ workflowId: id, input: exactJsonObject().default({}) }))
    .mutation(({ ctx, input }) => startRun(ctx.db, ctx.control(), input)),
  /** One run per input (at most MAX_BATCH_RUNS), all of the latest published version; a bad input starts none. */
  startBatch: runnerProcedure
    .input(z.object({ workflowId: id, inputs: z.array(exactJsonObject()) }))
    .mutation(({ ctx, input }) => startRuns(ctx.db, ctx.control(), input)),
  list: viewerProcedure
    .input(
      z
        .object({
          workflowId: id.optional(),
          versionId: id.optional(),
          status: z.enum(STATUS_FILTERS, { error: `The status filter must be one of ${STATUS_FILTERS.join(", ")}` }).optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          error: z.string().trim().min(1).max(200).optional(),
          cursor: id.optional(),
          limit: z.int().min(1).max(200).optional(),
        })
        .refine((f) => !f.from || !f.to || f.from < f.to, {
          message: "The start of the time range must be before its end",
          path: ["to"],
        })
        .optional(),
    )
    .query(({ ctx, input }) => listRuns(ctx.db, input ?? {})),
  facets: viewerProcedure.query(({ ctx }) => runFacets(ctx.db)),
  /** A setting of the run history: how long without progress makes a run "stuck". */
  setStuckAfter: adminProcedure
    .input(
      z.object({
        minutes: z
          .int()
          .min(1, "At least one minute")
          .max(7 * 24 * 60, "At most a week"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await setStuckAfterMinutes(ctx.db, input.minutes);
      await audit(ctx, "settings.stuckAfter", String(input.minutes));
    }),
  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) => getRun(ctx.db, input.id)),
  /** What changed since transition `after` (what a live page missed: a reconnect, a gap between deltas). */
  delta: viewerProcedure
    .input(z.object({ id, after: z.int().min(0) }))
    .query(({ ctx, input }) => runDelta(ctx.db, input.id, input.after)),
  /** A step result stored apart (over the size budget) as JSON text, with the step, visit and attempt it belongs to. */
  storedResult: viewerProcedure.input(z.object({ runId: id, blobId: id })).query(async ({ ctx, input }) => {
    const { stateId, visit, attempt, data } = await readBlob(ctx.db, input.runId, input.blobId);
    return { stateId, visit, attempt, data };
  }),
  /** The run's transitions as they commit (SSE); the tracked id is the seq, so a reconnect resumes after the last one seen. */
  watch: viewerProcedure.input(z.object({ runId: id, lastEventId: z.string().max(40).nullish() })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    for await (const change of watchRun(ctx.db, input.runId, input.lastEventId, signal)) {
      yield tracked(String(change.seq), change);
    }
  }),
  /** What re-running from a step would repeat: the step's last arguments and the steps that are not idempotent. */
  rerunPreview: viewerProcedure
    .input(z.object({ runId: id, stateId: id }))
    .query(({ ctx, input }) => rerunPreview(ctx.db, input.runId, input.stateId)),
  /** Starts a new run at a step of a finished run, reusing the results before it (optionally other arguments). */
  rerun: operatorProcedure
    .input(
      z.object({
        runId: id,
        stateId: z.string().min(1, "Name the step to start at").max(100),
        visit: z.int().min(1).optional(),
        args: exactJsonObject().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await rerun(ctx.db, ctx.control(), input);
      await audit(ctx, "run.rerun", input.runId, `from ${input.stateId} as ${result.runId}`);
      return result;
    }),
  cancel: operatorProcedure.input(z.object({ id, compensate: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    const by = actorName(ctx.actor);
    const record = decisionAudit(ctx, "run.cancel", input.id, input.compensate ? "with compensation" : "");
    await cancelRun(ctx.db, ctx.control(), { runId: input.id, compensate: input.compensate, by, audit: record });
  }),
});
