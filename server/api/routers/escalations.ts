import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import * as escalations from "../../services/escalations";

const id = z.string().min(1).max(100);
/** Until accounts exist, people say who they are (kept in their browser). */
const by = z.string().trim().min(1, "Say who you are").max(100);

const resolution = z.discriminatedUnion("action", [
  z.object({ action: z.literal("option"), optionId: z.string().min(1), data: z.record(z.string(), z.unknown()).optional() }),
  z.object({ action: z.literal("retry"), args: z.record(z.string(), z.unknown()).optional() }),
  z.object({ action: z.literal("skip"), result: z.unknown() }),
  z.object({ action: z.literal("cancel"), compensate: z.boolean() }),
]);

export const escalationsRouter = router({
  list: publicProcedure
    .input(z.object({ status: z.enum(["open", "resolved", "expired", "all"]).optional() }).optional())
    .query(({ ctx, input }) => escalations.listEscalations(ctx.db, input ?? {})),
  openCount: publicProcedure.query(({ ctx }) => escalations.openCount(ctx.db)),
  get: publicProcedure.input(z.object({ id })).query(({ ctx, input }) => escalations.getEscalation(ctx.db, input.id)),
  resolve: publicProcedure
    .input(z.object({ id, by, note: z.string().max(2000).optional(), resolution }))
    .mutation(({ ctx, input }) => escalations.resolveEscalation(ctx.db, ctx.engine(), input)),
  claim: publicProcedure
    .input(z.object({ id, by: by.nullable() }))
    .mutation(({ ctx, input }) => escalations.claimEscalation(ctx.db, input)),
});
