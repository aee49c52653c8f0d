import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { listGrants, revokeGrant } from "../../auth/oauth/grants";
import { audit } from "../audit-context";

/** The MCP clients the signed-in person authorised through OAuth (Switchyard's authorization server for /mcp). */
export const mcpClientsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listGrants(ctx.db, ctx.actor)),
  revoke: viewerProcedure.input(z.object({ id: z.string().min(1).max(100) })).mutation(async ({ ctx, input }) => {
    const revoked = await revokeGrant(ctx.db, ctx.actor, input.id);
    await audit(ctx, "oauth.revoke", input.id, revoked.clientName);
    return { ok: true };
  }),
});
