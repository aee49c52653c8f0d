import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { lockStatus } from "../../services/locks";
import { serverLimits, setLimitInput, setServerLimit } from "../../services/server-limits";

export const locksRouter = router({
  serverLimits: publicProcedure.query(({ ctx }) => serverLimits(ctx.db)),
  setServerLimit: publicProcedure.input(setLimitInput).mutation(({ ctx, input }) => setServerLimit(ctx.db, input)),
  status: publicProcedure
    .input(z.object({ key: z.string().min(1).max(300) }))
    .query(({ ctx, input }) => lockStatus(ctx.db, input.key)),
});
