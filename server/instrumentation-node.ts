/**
 * Embedded mode: the app's server process runs the host of role "app" (server/services/host/host.ts): the executor,
 * resuming interrupted runs at once, with the webhook notifier and the stuck-run checker; on shutdown all of them and
 * the MCP connections (and their stdio processes) are closed cleanly.
 */
import { getEnv } from "./env";
import { startHost } from "./services/host/host";
import { closeMcpEndpoint } from "./api/mcp-app";
import { installPeerAddress } from "./peer-address";

export async function startEmbedded(): Promise<void> {
  const env = getEnv();
  installPeerAddress(env.SWITCHYARD_TRUST_PROXY === "true");
  const host = await startHost({ env, role: "app" });
  if (!host.engine) return; // SWITCHYARD_ENGINE=off: no executor, nothing of ours to stop
  const shutdown = () => {
    const cap = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([closeMcpEndpoint().then(() => host.stop()), cap]).finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
