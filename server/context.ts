/** What every request handler gets: this process's database, secret box and MCP connections. */
import { getDb, type Db } from "./db/client";
import { readEnv } from "./env";
import { getSecretBox, type SecretBox } from "./security/secrets";
import { getMcpPool } from "./services/mcp-pool";
import type { McpConnectionManager } from "./mcp/manager";
import type { Engine } from "./engine/runtime/engine";
import { getEngine } from "./services/app-engine";

export interface AppContext {
  db: Db;
  box: SecretBox;
  pool: McpConnectionManager;
  /** The executor of this process (created on first use). */
  engine: () => Engine;
}

export function createAppContext(): AppContext {
  const env = readEnv();
  const db = getDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  const pool = getMcpPool(db, box);
  return { db, box, pool, engine: () => getEngine(db, pool) };
}
