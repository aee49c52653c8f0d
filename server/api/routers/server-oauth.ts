/** MCP authorization of a server from the Servers page: status, Connect, Disconnect. Tokens never leave the server. */
import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import { actorName } from "../../auth/actor";
import { oauthConnections } from "../../services/servers/mcp-pool";

const id = z.string().min(1).max(100);

export const serverOAuthRouter = router({
  /** connected / authorization needed / disconnected, as whom, which scopes, until when: no token. */
  status: viewerProcedure
    .input(z.object({ server: z.string().min(1).max(40) }))
    .query(({ ctx, input }) => oauthConnections(ctx.pool).view(input.server)),
  /** Starts "Connect": the authorization server's URL to send the admin to (null: connected without a person). */
  connect: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const by = actorName(ctx.actor);
    const started = await oauthConnections(ctx.pool).begin(input.id, by);
    await audit(ctx, "server.oauth.connect", input.id, started.url ? "sent to the authorization server" : "connected");
    return { url: started.url };
  }),
  disconnect: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const result = await oauthConnections(ctx.pool).disconnect(input.id);
    await audit(ctx, "server.oauth.disconnect", input.id, result.revoked ? "tokens revoked" : "tokens forgotten");
    return { revoked: result.revoked };
  }),
});
