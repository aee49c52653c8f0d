/** What every request handler gets: this process's database, secret box and MCP connections, and the request. */
import { getDb, type Db } from "./db/client";
import { getEnv } from "./env";
import { getSecretBox, type SecretBox } from "./security/secrets";
import { getMcpPool } from "./services/mcp-pool";
import type { McpConnectionManager } from "./mcp/manager";
import type { Engine } from "./engine/runtime/engine";
import { getEngine } from "./services/app-engine";
import type { AuthRequest } from "./auth/authenticate";

export interface AppContext {
  db: Db;
  box: SecretBox;
  pool: McpConnectionManager;
  /** The executor of this process (created on first use). */
  engine: () => Engine;
  /** The HTTP request (cookies, bearer token, address) and where response headers go; absent for in-process calls. */
  http?: AuthRequest | undefined;
}

export function createAppContext(opts?: { req?: Request; resHeaders?: Headers }): AppContext {
  const env = getEnv();
  const db = getDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  const pool = getMcpPool(db, box);
  const http = opts?.req ? { req: opts.req, resHeaders: opts.resHeaders } : undefined;
  return { db, box, pool, engine: () => getEngine(db, pool), http };
}
