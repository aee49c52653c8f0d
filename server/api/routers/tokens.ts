import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { audit } from "../audit-context";
import { ROLES } from "@/lib/auth/roles";

/** The signed-in person's API tokens (for `Authorization: Bearer` on the HTTP API). */
export const tokensRouter = router({
  list: viewerProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.actor)),
  /** The token itself is in this answer only: it is stored hashed. */
  create: viewerProcedure
    .input(z.object({ name: z.string().trim().min(1, "Name the token").max(100), role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createApiToken(ctx.db, ctx.actor, input);
      await audit(ctx, "token.create", created.id, `${created.name} (${created.role})`);
      return created;
    }),
  revoke: viewerProcedure.input(z.object({ id: z.string().min(1).max(100) })).mutation(async ({ ctx, input }) => {
    const revoked = await revokeApiToken(ctx.db, ctx.actor, input.id);
    await audit(ctx, "token.revoke", input.id, revoked.name);
    return { ok: true };
  }),
});
