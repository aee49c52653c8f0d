import { z } from "zod";
import { designerProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import {
  createTrigger,
  createTriggerInput,
  deleteTrigger,
  listTriggers,
  setTriggerPaused,
} from "../../services/coordination/triggers";

const id = z.string().min(1).max(100);

export const triggersRouter = router({
  list: viewerProcedure.input(z.object({ workflowId: id })).query(({ ctx, input }) => listTriggers(ctx.db, input.workflowId)),
  create: designerProcedure.input(createTriggerInput).mutation(async ({ ctx, input }) => {
    const created = await createTrigger(ctx.db, input);
    await audit(ctx, "trigger.create", input.workflowId);
    return created;
  }),
  setPaused: designerProcedure
    .input(z.object({ id, paused: z.boolean() }))
    .mutation(({ ctx, input }) => setTriggerPaused(ctx.db, input)),
  delete: designerProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await deleteTrigger(ctx.db, input.id);
    await audit(ctx, "trigger.delete", input.id);
  }),
});
