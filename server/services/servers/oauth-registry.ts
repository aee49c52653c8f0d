/** Which OAuthConnections serves which connection pool (set by createMcpPool; read by the servers service and routes). */
import type { McpConnectionManager } from "../../mcp/manager";
import type { OAuthConnections } from "./oauth-connections";

// On globalThis: Next.js may load this module in more than one bundle, and the pool (also on globalThis) is shared.
const globalForRegistry = globalThis as unknown as {
  switchyardOAuthByPool?: WeakMap<McpConnectionManager, OAuthConnections>;
};
const byPool = (globalForRegistry.switchyardOAuthByPool ??= new WeakMap<McpConnectionManager, OAuthConnections>());

export function registerOAuthConnections(pool: McpConnectionManager, connections: OAuthConnections): void {
  byPool.set(pool, connections);
}

export function oauthConnectionsOf(pool: McpConnectionManager): OAuthConnections | undefined {
  return byPool.get(pool);
}

export function oauthConnections(pool: McpConnectionManager): OAuthConnections {
  const found = byPool.get(pool);
  if (!found) throw new Error("This connection pool has no OAuth connections (made outside createMcpPool)");
  return found;
}
