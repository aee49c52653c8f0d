import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { createTrigger, createTriggerInput, deleteTrigger, listTriggers, setTriggerPaused } from "../../services/triggers";

const id = z.string().min(1).max(100);

export const triggersRouter = router({
  list: publicProcedure.input(z.object({ workflowId: id })).query(({ ctx, input }) => listTriggers(ctx.db, input.workflowId)),
  create: publicProcedure.input(createTriggerInput).mutation(({ ctx, input }) => createTrigger(ctx.db, input)),
  setPaused: publicProcedure
    .input(z.object({ id, paused: z.boolean() }))
    .mutation(({ ctx, input }) => setTriggerPaused(ctx.db, input)),
  delete: publicProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteTrigger(ctx.db, input.id)),
});
