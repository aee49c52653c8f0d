/**
 * The two plain HTTP routes of MCP authorization: the callback the admin's
 * browser comes back to from the authorization server, and Switchyard's
 * Client ID Metadata Document. The callback answers with a redirect to the
 * Servers page; neither the code nor any token appears in it or in a log.
 */
import type { AppContext } from "../context";
import { handle } from "./http";
import { requireAccess } from "./http-auth";
import { ROUTE_ACCESS } from "./http-routes";
import { oauthConnections } from "../services/servers/mcp-pool";
import { clientMetadataDocument, oauthUrls } from "../services/servers/oauth-connections";
import { publicUrl } from "../services/inbox/webhook-notifier";
import { readEnv } from "../env";
import { audit } from "./audit-context";

/** GET /api/oauth/callback?code=...&state=... (or ?error=...&state=...). */
export function getOAuthCallback(ctx: AppContext, req: Request): Promise<Response> {
  return handle(async () => {
    const actor = await requireAccess(ctx.db, req, ROUTE_ACCESS["GET /api/oauth/callback"]);
    const params = new URL(req.url).searchParams;
    const base = publicUrl(readEnv()).replace(/\/+$/, "");
    const back = (path: string) => Response.redirect(`${base}${path}`, 303);
    const state = params.get("state") ?? "";
    const code = params.get("code") ?? "";
    const denied = params.get("error");
    if (denied || !state || !code) {
      const why = denied ? `the authorization server answered ${denied.slice(0, 60)}` : "the callback lacks its code or state";
      return back(`/servers?oauth_error=${encodeURIComponent(`Not connected: ${why}`)}`);
    }
    try {
      const { serverId, server } = await oauthConnections(ctx.pool).finish(state, code);
      await audit({ ...ctx, actor }, "server.oauth.connected", serverId, server);
      return back(`/servers/${encodeURIComponent(serverId)}?oauth=connected`);
    } catch (err) {
      const message = err instanceof Error ? err.message.replaceAll(code, "…").slice(0, 300) : "unknown error";
      return back(`/servers?oauth_error=${encodeURIComponent(`Not connected: ${message}`)}`);
    }
  });
}

/** GET /api/oauth/client-metadata.json: who Switchyard is to an authorization server that supports URL client ids. */
export function getClientMetadata(): Response {
  const base = publicUrl(readEnv());
  return Response.json(clientMetadataDocument(oauthUrls(base), base), {
    headers: { "Cache-Control": "public, max-age=3600" },
  });
}
