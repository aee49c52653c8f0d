/**
 * Runs once when the Next.js server starts. The Node.js part (the embedded
 * executor, clean shutdown) lives in server/instrumentation-node.ts, loaded
 * only on the Node.js runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startEmbedded } = await import("./server/instrumentation-node");
  await startEmbedded();
}
