/**
 * `npm run worker`: an executor process without the web app (the host of role "worker", server/services/host/host.ts).
 * It starts queued runs, resumes interrupted ones (re-sending idempotent calls, asking a person about the others),
 * fires due timers and SLAs, and sends webhook notifications, until stopped.
 */
import { getEnv } from "../server/env";
import { providerOf, redactUrl } from "../server/db/config";
import { startHost } from "../server/services/host/host";
import { getSecretBox } from "../server/security/secrets";
import { startMcpNodeServer } from "../server/api/mcp-node-server";

async function main(): Promise<void> {
  const env = getEnv();
  const host = await startHost({ env, role: "worker" });
  const since = Math.round(process.uptime() * 1000);
  const shared = providerOf(env.DATABASE_URL) === "postgresql";
  console.log(
    `worker ${host.engine?.workerId} ready on ${redactUrl(env.DATABASE_URL)}${shared ? " (shared with other workers)" : ""}: ` +
      `engine started in ${host.engineStartMs} ms (interrupted runs resumed), ${since} ms after the process started`,
  );
  if (host.metricsPort !== null) console.log(`metrics: http://${env.HOST}:${host.metricsPort}/metrics`);
  const engine = host.engine;
  // /mcp of this worker: the same endpoint as the app's, over this worker's executor (server/api/mcp-node-server.ts).
  const mcp =
    env.SWITCHYARD_MCP_PORT && engine
      ? await startMcpNodeServer(() => ({ db: host.db, box: getSecretBox(env), pool: host.pool, control: () => engine }), {
          port: env.SWITCHYARD_MCP_PORT,
          host: env.HOST,
        })
      : null;
  if (mcp) console.log(`MCP endpoint: ${mcp.url}`);
  const stop = async () => {
    await mcp?.close();
    await host.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error(`The worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
