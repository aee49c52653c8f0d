/**
 * JSON-RPC 2.0 over stdio, one message per line, as the Prisma CLI speaks it
 * with the native schema engine:
 * - requests from the CLI are handled one at a time, in order;
 * - the engine may send its own requests to the CLI (`print` for `diff`) and
 *   waits for the CLI's response;
 * - when stdin closes, pending work finishes, `onClose` runs, the process exits.
 */
import readline from "node:readline";
import { logLine, messageOf, rpcError } from "./errors.mjs";

/** JSON.stringify that survives BigInt values. */
const toJson = (value) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? Number(v) : v));

export class JsonRpcServer {
  /**
   * @param {(method: string, params: unknown, rpc: JsonRpcServer) => Promise<unknown>} handle
   * @param {() => Promise<void>} onClose cleanup before exit
   */
  constructor(handle, onClose) {
    this.handle = handle;
    this.onClose = onClose;
    this.queue = Promise.resolve();
    this.nextId = 1;
    this.pending = new Map();
    this.abortCurrent = undefined;
  }

  /** Starts reading stdin. */
  listen() {
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on("line", (line) => this.#onLine(line));
    lines.on("close", () => this.#shutdown());
  }

  /** Sends a request to the CLI and resolves with its result. */
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.#send({ jsonrpc: "2.0", id, method, params });
    });
  }

  #send(message) {
    process.stdout.write(`${toJson(message)}\n`);
  }

  #onLine(line) {
    if (line.trim() === "") return;
    let message;
    try {
      message = JSON.parse(line);
    } catch (error) {
      this.#send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: `Parse error: ${messageOf(error)}` } });
      return;
    }
    if (message.method === undefined) return this.#onResponse(message);
    // Requests run in order; responses to our own requests are handled at once.
    this.queue = this.queue.then(() => this.#onRequest(message));
  }

  #onResponse({ id, result, error }) {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (error) waiter.reject(new Error(error.message ?? "request failed"));
    else waiter.resolve(result);
  }

  /**
   * Fails the request being handled with an error raised outside of its
   * promise chain (the wasm glue throws some errors, e.g. invalid params, from
   * a detached callback). Returns false when no request is being handled.
   */
  failCurrent(error) {
    if (!this.abortCurrent) return false;
    this.abortCurrent(error);
    return true;
  }

  async #onRequest({ id, method, params }) {
    let reply;
    try {
      const aborted = new Promise((_resolve, reject) => (this.abortCurrent = reject));
      const result = await Promise.race([this.handle(method, params, this), aborted]).finally(() => {
        this.abortCurrent = undefined;
      });
      reply = { jsonrpc: "2.0", id, result: result ?? {} };
    } catch (error) {
      const rpcCode = error?.rpcCode;
      reply = { jsonrpc: "2.0", id, error: rpcCode ? { code: rpcCode, message: messageOf(error) } : rpcError(error) };
    }
    if (id !== undefined && id !== null) this.#send(reply);
  }

  async #shutdown() {
    // No more responses can arrive: fail our own pending requests, let the
    // current request finish, clean up, exit.
    for (const { reject } of this.pending.values()) reject(new Error("stdin closed"));
    this.pending.clear();
    await this.queue;
    try {
      await this.onClose();
    } catch (error) {
      logLine("WARN", { message: `cleanup failed: ${messageOf(error)}` });
    }
    process.stdout.write("", () => process.exit(0));
  }
}
