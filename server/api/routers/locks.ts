import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { lockStatus } from "../../services/locks";

export const locksRouter = router({
  status: publicProcedure
    .input(z.object({ key: z.string().min(1).max(300) }))
    .query(({ ctx, input }) => lockStatus(ctx.db, input.key)),
});
