/**
 * Embedded mode: the executor runs inside the app's server process, resuming
 * interrupted runs at once, with the webhook notifier of escalations; on
 * shutdown both and the MCP connections (and their stdio processes) are
 * closed cleanly.
 */
import { createAppContext } from "./context";
import { getEngine, stopEngine } from "./services/app-engine";
import { getEnv } from "./env";
import { publicUrl, startWebhookNotifier } from "./services/webhook-notifier";
import { shutdownTracing } from "./observability/tracing";
import { startStuckChecker, stuckSettingsFromEnv } from "./services/stuck-loop";

export function startEmbedded(): void {
  const env = getEnv();
  if (env.SWITCHYARD_ENGINE === "off") return;
  const ctx = createAppContext();
  getEngine(ctx.db, ctx.pool);
  const notifier = startWebhookNotifier(ctx.db, { env, baseUrl: publicUrl(env) });
  const stuck = startStuckChecker(ctx.db, { settings: stuckSettingsFromEnv(env) });
  const shutdown = () => {
    const closing = Promise.all([stopEngine().then(shutdownTracing), notifier.stop(), stuck.stop(), ctx.pool.closeAll()]);
    const cap = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([closing, cap]).finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
