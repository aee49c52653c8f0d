#!/usr/bin/env node
/**
 * Drop-in replacement for Prisma's native `schema-engine` binary, which
 * cannot be downloaded on offline machines. prisma.config.ts points
 * PRISMA_SCHEMA_ENGINE_BINARY here; the Prisma CLI then runs this script
 * exactly as it would run the binary:
 *
 *   prisma-schema-engine.mjs --version
 *   prisma-schema-engine.mjs --datasource '{"url":...}' cli can-connect-to-database|create-database|drop-database
 *   prisma-schema-engine.mjs [--datamodels FILE]... [--datasource JSON]   (JSON-RPC on stdin/stdout)
 *
 * The work is done by @prisma/schema-engine-wasm over the driver adapters
 * (@prisma/adapter-better-sqlite3, @prisma/adapter-pg). See
 * docs/prisma-engine.md for the protocol and the engine bugs worked around.
 */
import { logLine, messageOf } from "./prisma-engine/errors.mjs";

/** Parses the native binary's command line. */
function parseArgs(argv) {
  const args = { datamodelPaths: [], datasource: undefined, cli: undefined, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--datamodels" || arg === "-d") args.datamodelPaths.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features" || arg === "--extension-types")
      i++; // accepted, unused
    else if (arg === "cli") args.cli = argv[++i];
    else throw new Error(`Unknown argument: ${arg}`);
  }
  return args;
}

/**
 * Keeps stdout for the protocol: anything a library prints with console.* or
 * process warnings becomes a JSON log line on stderr.
 */
function protectStdout() {
  for (const level of ["log", "info", "debug", "warn", "error"]) {
    console[level] = (...parts) =>
      logLine(level === "error" ? "ERROR" : "INFO", { message: parts.map(String).join(" ") }, "console");
  }
  process.emitWarning = (warning) => logLine("WARN", { message: messageOf(warning) }, "node");
}

/** JSON-RPC mode: serve the CLI until stdin closes. */
async function serve(args) {
  const [{ EngineSession }, { callMethod }, { JsonRpcServer }] = await Promise.all([
    import("./prisma-engine/session.mjs"),
    import("./prisma-engine/methods.mjs"),
    import("./prisma-engine/rpc.mjs"),
  ]);
  const session = new EngineSession(args);
  const server = new JsonRpcServer(
    (method, params, rpc) => callMethod(session, method, params, rpc),
    () => session.dispose(),
  );
  server.listen();
  exitCleanlyOnSignals(() => session.dispose());
  // Errors thrown outside any promise chain belong to the request in progress;
  // the engine that threw cannot be used again.
  const onStrayError = (error) => {
    if (server.failCurrent(error)) {
      session.abandonEngine().catch(() => {});
      return;
    }
    logLine("ERROR", { message: messageOf(error) });
    process.exit(101);
  };
  process.on("uncaughtException", onStrayError);
  process.on("unhandledRejection", onStrayError);
}

/**
 * The CLI stops the engine by closing stdin and killing it at once (SIGTERM).
 * Close connections first: SQLite then removes its -journal file (the engine
 * holds an exclusive lock), and leftover PostgreSQL shadow databases are
 * dropped. The CLI may be gone by then, so output errors are ignored.
 */
function exitCleanlyOnSignals(cleanup) {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  let exiting = false;
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      const timeout = setTimeout(() => process.exit(0), 10_000);
      cleanup()
        .catch((error) => logLine("WARN", { message: `cleanup failed: ${messageOf(error)}` }))
        .finally(() => {
          clearTimeout(timeout);
          process.exit(0);
        });
    });
  }
}

async function main() {
  protectStdout();
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const { engineCommit } = await import("./prisma-engine/wasm.mjs");
    process.stdout.write(`schema-engine-cli ${engineCommit()}\n`);
    return;
  }
  if (args.help) {
    process.stdout.write("Prisma schema engine shim (wasm). See docs/prisma-engine.md.\n");
    return;
  }
  if (args.cli) {
    const { runCliCommand } = await import("./prisma-engine/cli.mjs");
    process.exitCode = await runCliCommand(args.cli, args.datasource);
    return;
  }
  await serve(args);
}

main().catch((error) => {
  logLine("ERROR", { message: messageOf(error), ...(error?.code?.startsWith?.("P") ? { error_code: error.code } : {}) });
  process.exitCode = 1;
});
