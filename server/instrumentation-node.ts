/**
 * Embedded mode: the executor runs inside the app's server process, resuming
 * interrupted runs at once; on shutdown the executor and the MCP connections
 * (and their stdio processes) are closed cleanly.
 */
import { createAppContext } from "./context";
import { getEngine, stopEngine } from "./services/app-engine";

export function startEmbedded(): void {
  if (process.env.SWITCHYARD_ENGINE === "off") return;
  const ctx = createAppContext();
  getEngine(ctx.db, ctx.pool);
  const shutdown = () => {
    const closing = Promise.all([stopEngine(), ctx.pool.closeAll()]);
    const cap = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([closing, cap]).finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
