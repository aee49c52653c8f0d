import { z } from "zod";
import { adminProcedure, router } from "../trpc";
import { auditActions, listAudit } from "../../auth/audit";

export const auditRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          actor: z.string().trim().max(200).optional(),
          action: z.string().trim().max(100).optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          cursor: z.string().max(100).optional(),
          limit: z.int().min(1).max(200).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listAudit(ctx.db, input ?? {})),
  actions: adminProcedure.query(({ ctx }) => auditActions(ctx.db)),
});
