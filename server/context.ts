/** What every request handler gets: this process's database, secret box and MCP connections, and the request. */
import { getDb, type Db } from "./db/client";
import { expressionLimitsOf, getEnv } from "./env";
import { setExpressionLimits } from "@/lib/workflow/expression-limits";
import { getSecretBox, type SecretBox } from "./security/secrets";
import { getMcpPool } from "./services/servers/mcp-pool";
import type { McpConnectionManager } from "./mcp/manager";
import { getRunControl } from "./services/host/app-engine";
import type { RunControl } from "./services/runs/run-control";
import type { AuthRequest } from "./auth/authenticate";

export interface AppContext {
  db: Db;
  box: SecretBox;
  pool: McpConnectionManager;
  /** Starts runs and hands decisions to the executor: this process's engine, or durable messages to the workers. */
  control: () => RunControl;
  /** The HTTP request (cookies, bearer token, address) and where response headers go; absent for in-process calls. */
  http?: AuthRequest | undefined;
  /** "http" when a plain HTTP route calls the procedure (server/api/http-procedures.ts): an event it publishes says so. */
  via?: "http" | undefined;
}

export function createAppContext(opts?: { req?: Request; resHeaders?: Headers }): AppContext {
  const env = getEnv();
  setExpressionLimits(expressionLimitsOf(env));
  const db = getDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  const pool = getMcpPool(db, box);
  const http = opts?.req ? { req: opts.req, resHeaders: opts.resHeaders } : undefined;
  return { db, box, pool, control: () => getRunControl(db, pool), http };
}
