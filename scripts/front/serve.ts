/**
 * The app's server process as `npm start` runs it (scripts/start.ts): Next.js in this process, programmatically
 * (`next({ dev: false })`, so instrumentation.ts starts the host once, at prepare), behind a plain Node HTTP server that
 * answers the hot API routes itself with the same route functions (scripts/front/hot-routes.ts) and hands every other
 * request, and every upgrade, to Next.js's own handlers. SWITCHYARD_FRONT=off in scripts/start.ts runs `next start`
 * instead (what bench:e2e compares against).
 *
 *   node --import tsx scripts/front/serve.ts --hostname 127.0.0.1 --port 3000
 */
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { hostname: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "3000" } },
  });
  const hostname = values.hostname;
  const port = Number(values.port);
  const began = performance.now();
  // As `next start` does: the production build, its configuration evaluated for production.
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare(); // Runs instrumentation.ts's register(): the host (engine) of this process, once.
  const nextHandler = app.getRequestHandler();
  // Loaded after prepare, so the singletons on globalThis are the ones the instrumentation started.
  const { configHeaders, frontListener } = await import("./hot-routes");
  const server = createServer(
    frontListener({
      fallback: (req, res) => nextHandler(req, res),
      headers: await configHeaders(ROOT),
      trustProxy: process.env.SWITCHYARD_TRUST_PROXY === "true",
    }),
  );
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  // The embedded host closes the server on these signals (server/instrumentation-node.ts); without it, this does.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    if (process.listenerCount(signal) === 0) process.once(signal, () => server.close(() => process.exit(0)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`✓ Ready in ${Math.round(performance.now() - began)}ms (front for the hot API routes, Next.js for the rest)`);
}

main().catch((err: unknown) => {
  console.error(`The server could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
