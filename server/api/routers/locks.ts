import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import { lockStatus } from "../../services/coordination/locks";
import { serverLimits, setLimitInput, setServerLimit } from "../../services/servers/server-limits";

export const locksRouter = router({
  serverLimits: viewerProcedure.query(({ ctx }) => serverLimits(ctx.db)),
  setServerLimit: adminProcedure.input(setLimitInput).mutation(async ({ ctx, input }) => {
    const result = await setServerLimit(ctx.db, input);
    await audit(ctx, "server.limit", JSON.stringify(input));
    return result;
  }),
  status: viewerProcedure
    .input(z.object({ key: z.string().min(1).max(300) }))
    .query(({ ctx, input }) => lockStatus(ctx.db, input.key)),
});
