/**
 * The process-wide MCP connection manager, resolving servers from the
 * registry (decrypting their secrets) and keeping the tool catalog current
 * when a server announces that its tools changed.
 */
import { RootsWatch } from "./roots-watch";
import { McpConnectionManager } from "../../mcp/manager";
import type { Db } from "../../db/client";
import type { SecretBox } from "../../security/secrets";
import { joinConfig, type PublicConfig } from "./server-config-store";
import { syncTools } from "./tool-catalog";
import { attachDesk, ElicitationDesk } from "../inbox/elicitation-desk";
import { OAuthConnections, oauthUrls } from "./oauth-connections";
import { resumeParkedRuns } from "./oauth-resume";
import { registerOAuthConnections } from "./oauth-registry";
import { publicUrl } from "../inbox/webhook-notifier";
import { readEnv } from "../../env";
import { getRunControl } from "../host/app-engine";
import type { RunControl } from "../runs/run-control";

const globalForPool = globalThis as unknown as { switchyardMcp?: McpConnectionManager };
export { oauthConnections } from "./oauth-registry";

export function createMcpPool(
  db: Db,
  box: SecretBox,
  opts: { engine?: () => RunControl; rootsCheckMs?: number } = {},
): McpConnectionManager {
  const desk = new ElicitationDesk(db);
  // A change of a server's roots, saved by any process, is announced to the server (roots/list_changed).
  const roots = new RootsWatch(db, (server) => pool.rootsChanged(server), opts.rootsCheckMs);
  const engine = opts.engine ?? (() => getRunControl(db, pool));
  const connections = new OAuthConnections(db, box, oauthUrls(publicUrl(readEnv())), {
    reconnected: async (server, by) => {
      // The pooled connection holds the old provider: start afresh with the new tokens, then resume the parked runs.
      await pool.invalidate(server);
      await resumeParkedRuns(db, engine(), server, by);
    },
  });
  const pool: McpConnectionManager = new McpConnectionManager({
    authFor: (server, config) => connections.authFor(server, config),
    resolve: async (name) => {
      const row = await db.mcpServer.findUnique({ where: { name } });
      if (!row?.enabled) return null;
      return joinConfig(row.config as unknown as PublicConfig, row.secrets, box);
    },
    onToolsChanged: (name, tools) => {
      void db.mcpServer
        .findUnique({ where: { name }, select: { id: true } })
        .then((row) => (row ? syncTools(db, row.id, tools) : null))
        .catch((err: unknown) => console.warn(`[mcp:${name}] could not update the tool catalog: ${String(err)}`));
    },
    log: (level, message) => (level === "info" ? undefined : console.warn(message)),
    // A server's question during a run's call goes to the inbox (elicitation-desk.ts).
    handlers: {
      elicitation: (server, params, extra) => desk.handle(server, params, extra.signal, extra.related),
      // A URL-mode question's interaction finished: its inbox item closes.
      elicitationComplete: (server, elicitationId) => desk.complete(server, elicitationId),
      // The roots an admin set for the server (Servers page), read when the server asks.
      roots: (server) => roots.answer(server),
    },
  });
  attachDesk(pool, desk);
  registerOAuthConnections(pool, connections);
  return pool;
}

export function getMcpPool(db: Db, box: SecretBox): McpConnectionManager {
  globalForPool.switchyardMcp ??= createMcpPool(db, box);
  return globalForPool.switchyardMcp;
}
