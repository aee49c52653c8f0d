/**
 * Errors and log lines in the shapes the Prisma CLI expects from its native
 * schema-engine binary.
 *
 * - Log lines go to stderr, one JSON object per line:
 *   {"level":"ERROR","fields":{"message":"...","error_code":"P1001"},"target":"schema_engine::logger"}
 * - JSON-RPC errors carry the real message in `error.data.message` (the CLI
 *   prints that, prefixed by `error_code` when there is one).
 */

/** An error with a Prisma error code (P1001, P3005, ...) and optional meta. */
export class EngineError extends Error {
  /**
   * @param {string | undefined} code Prisma error code, e.g. "P1003".
   * @param {string} message Human-readable message shown by the CLI.
   * @param {unknown} [meta] Structured details (native engines send some).
   */
  constructor(code, message, meta) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    this.meta = meta;
  }
}

/** Writes one structured log line to stderr, as the native engine does. */
export function logLine(level, fields, target = "schema_engine::logger") {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}

const reported = new Set();

/**
 * Notes on stderr (once per process) that a workaround for a known engine bug
 * was used; visible with DEBUG="prisma:schemaEngine*".
 */
export function noteWorkaround(bug, what) {
  if (reported.has(bug)) return;
  reported.add(bug);
  logLine("INFO", { message: `shim workaround for bug ${bug}: ${what}` }, "prisma_schema_engine_shim");
}

/** True for errors the wasm engine or we raise with a Prisma error code. */
function prismaCode(error) {
  const code = error?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}

/** A WebAssembly trap (Rust panic) as opposed to a reported error. */
export function isPanic(error) {
  return error instanceof WebAssembly.RuntimeError;
}

/** The message to show for any thrown value, never empty. */
export function messageOf(error) {
  if (error instanceof Error) return error.message || error.name || String(error);
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/**
 * The JSON-RPC `error` member for a failure, in the native engine's format
 * (code 4466 = "user-facing error", data.is_panic for crashes). The top-level
 * message is the real one too (the native engine says "An error happened",
 * which the CLI shows for panics instead of the cause).
 */
export function rpcError(error) {
  const message = messageOf(error);
  const data = { is_panic: isPanic(error), message, backtrace: null };
  const code = prismaCode(error);
  if (code) {
    data.error_code = code;
    data.meta = error.meta ?? {};
  }
  return { code: 4466, message, data };
}
