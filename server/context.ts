/** What every request handler gets: this process's database, secret box and MCP connections. */
import { getDb, type Db } from "./db/client";
import { readEnv } from "./env";
import { getSecretBox, type SecretBox } from "./security/secrets";
import { getMcpPool } from "./services/mcp-pool";
import type { McpConnectionManager } from "./mcp/manager";

export interface AppContext {
  db: Db;
  box: SecretBox;
  pool: McpConnectionManager;
}

export function createAppContext(): AppContext {
  const env = readEnv();
  const db = getDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  return { db, box, pool: getMcpPool(db, box) };
}
