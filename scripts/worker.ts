/**
 * `npm run worker`: an executor process without the web app. It starts queued
 * runs, resumes interrupted ones (re-sending idempotent calls, asking a person
 * about the others), fires due timers and SLAs, and sends webhook notifications, until stopped.
 */
import { getEnv } from "../server/env";
import { createDb } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { getSecretBox } from "../server/security/secrets";
import { createMcpPool } from "../server/services/mcp-pool";
import { createEngine } from "../server/services/engine-host";
import { providerOf, redactUrl } from "../server/db/config";
import { publicUrl, startWebhookNotifier } from "../server/services/webhook-notifier";
import { shutdownTracing } from "../server/observability/tracing";
import { startStuckChecker, stuckSettingsFromEnv } from "../server/services/stuck-loop";
import { startMetricsServer } from "../server/observability/metrics-server";

async function main(): Promise<void> {
  const env = getEnv();
  await migrate(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  const pool = createMcpPool(db, getSecretBox(env));
  const shared = providerOf(env.DATABASE_URL) === "postgresql";
  const engine = createEngine(db, pool, {
    url: env.DATABASE_URL,
    pollMs: env.SWITCHYARD_POLL_MS ?? 100,
    shared,
    leaseMs: env.SWITCHYARD_LEASE_MS,
    resultBudgetBytes: env.SWITCHYARD_RESULT_BUDGET_BYTES,
  });
  const starting = performance.now();
  await engine.start(); // recovery of interrupted runs included
  const started = Math.round(performance.now() - starting);
  const since = Math.round(process.uptime() * 1000);
  console.log(
    `worker ${engine.workerId} ready on ${redactUrl(env.DATABASE_URL)}${shared ? " (shared with other workers)" : ""}: ` +
      `engine started in ${started} ms (interrupted runs resumed), ${since} ms after the process started`,
  );
  const notifier = startWebhookNotifier(db, { env, baseUrl: publicUrl(env) });
  const stuck = startStuckChecker(db, { settings: stuckSettingsFromEnv(env) });
  const metrics = env.SWITCHYARD_METRICS_PORT
    ? await startMetricsServer(db, { port: env.SWITCHYARD_METRICS_PORT, host: env.HOST, token: env.SWITCHYARD_METRICS_TOKEN })
    : null;
  if (metrics) console.log(`metrics: http://${env.HOST}:${metrics.port}/metrics`);
  const stop = async () => {
    await metrics?.close();
    await stuck.stop();
    await engine.stop();
    await shutdownTracing();
    await notifier.stop();
    await pool.closeAll();
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error(`The worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
