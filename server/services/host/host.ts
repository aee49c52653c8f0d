/**
 * The composition root: the one place that builds what a process runs, for the app (`npm start`, Next.js
 * instrumentation) and for a worker (`npm run worker`). It wires the database, the MCP connections, the executor
 * (unless SWITCHYARD_ENGINE=off in the app), the webhook notifier, the stuck-run checker and, in a worker, the metrics
 * endpoint; stop() closes them in order (loops and engine first, then the connections they used).
 */
import { expressionLimitsOf, type Env } from "../../env";
import type { Db } from "../../db/client";
import { createDb, getDb } from "../../db/client";
import { migrate } from "../../db/migrate";
import { providerOf } from "../../db/config";
import type { Engine } from "../../engine/runtime/engine";
import type { McpConnectionManager } from "../../mcp/manager";
import { getSecretBox } from "../../security/secrets";
import { shutdownTracing } from "../../observability/tracing";
import { startMetricsServer } from "../../observability/metrics-server";
import { createMcpPool, getMcpPool } from "../servers/mcp-pool";
import { createEngine } from "./engine-host";
import { getEngine, stopEngine } from "./app-engine";
import { publicUrl, startWebhookNotifier } from "../inbox/webhook-notifier";
import { startStuckChecker, stuckSettingsFromEnv } from "../stuck/stuck-loop";
import { setExpressionLimits } from "@/lib/workflow/expression-limits";

/** app: the web process (its executor is this process's shared one); worker: an executor without the web app. */
export type HostRole = "app" | "worker";

export interface Host {
  readonly role: HostRole;
  readonly db: Db;
  readonly pool: McpConnectionManager;
  /** The executor, or null when this process runs none (SWITCHYARD_ENGINE=off in the app). */
  readonly engine: Engine | null;
  /** A worker: how long the engine took to start, recovery of interrupted runs included (ms). */
  readonly engineStartMs: number | null;
  /** A worker with SWITCHYARD_METRICS_PORT: the port GET /metrics is served on. */
  readonly metricsPort: number | null;
  stop(): Promise<void>;
}

export async function startHost({ env, role }: { env: Env; role: HostRole }): Promise<Host> {
  setExpressionLimits(expressionLimitsOf(env));
  if (role === "worker") await migrate(env.DATABASE_URL);
  const db = role === "app" ? getDb(env.DATABASE_URL) : createDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  const pool = role === "app" ? getMcpPool(db, box) : createMcpPool(db, box);
  if (role === "app" && env.SWITCHYARD_ENGINE === "off")
    return { role, db, pool, engine: null, engineStartMs: null, metricsPort: null, stop: () => pool.closeAll() };

  let engine: Engine;
  let engineStartMs: number | null = null;
  if (role === "app") {
    engine = getEngine(db, pool); // started in the background: requests are served meanwhile
  } else {
    engine = createEngine(db, pool, {
      url: env.DATABASE_URL,
      pollMs: env.SWITCHYARD_POLL_MS ?? 100,
      shared: providerOf(env.DATABASE_URL) === "postgresql",
      leaseMs: env.SWITCHYARD_LEASE_MS,
      resultBudgetBytes: env.SWITCHYARD_RESULT_BUDGET_BYTES,
      box,
    });
    const starting = performance.now();
    await engine.start(); // recovery of interrupted runs included
    engineStartMs = Math.round(performance.now() - starting);
  }
  const notifier = startWebhookNotifier(db, { env, baseUrl: publicUrl(env) });
  const stuck = startStuckChecker(db, { settings: stuckSettingsFromEnv(env) });
  const metrics =
    role === "worker" && env.SWITCHYARD_METRICS_PORT
      ? await startMetricsServer(db, { port: env.SWITCHYARD_METRICS_PORT, host: env.HOST, token: env.SWITCHYARD_METRICS_TOKEN })
      : null;

  const stopEngineOf = role === "app" ? stopEngine : () => engine.stop();
  return {
    role,
    db,
    pool,
    engine,
    engineStartMs,
    metricsPort: metrics?.port ?? null,
    async stop() {
      await Promise.all([metrics?.close(), stuck.stop(), notifier.stop(), stopEngineOf().then(shutdownTracing)]);
      await pool.closeAll();
      if (role === "worker") await db.$disconnect();
    },
  };
}
