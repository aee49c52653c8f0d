/**
 * Runs once when the Next.js server starts: in embedded mode the executor runs
 * inside this process (resuming interrupted runs at once), and MCP connections
 * and the executor are closed cleanly on shutdown.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.SWITCHYARD_ENGINE === "off") return;
  const { createAppContext } = await import("./server/context");
  const { getEngine, stopEngine } = await import("./server/services/app-engine");
  const ctx = createAppContext();
  getEngine(ctx.db, ctx.pool);
  const shutdown = () => {
    void Promise.race([Promise.all([stopEngine(), ctx.pool.closeAll()]), new Promise((r) => setTimeout(r, 3000))]).finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
