/**
 * The SQLite write connection in a thread of its own (sqlite-writer-thread.ts):
 * batches go over as messages, each answered after its COMMIT. Started on
 * first use; if the thread dies, what it had not answered fails and the next
 * write starts a new one.
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import path from "node:path";
import type { BreakerRow, Row, SentMark } from "./run-rows";
import { WRITE_SQL } from "./run-store-sqlite-sql";
import { writerThread, type WriterData, type WriterReply, type WriterRequest, type WriterResult } from "./sqlite-writer-thread";

/**
 * Where better-sqlite3 is, for the thread (which has no module context of its own).
 * Bundlers rewrite `require.resolve` into module ids (Next.js does), so a
 * result that is not an absolute path falls back to the project's node_modules.
 */
function driverPath(): string {
  try {
    const resolved: unknown = createRequire(import.meta.url).resolve("better-sqlite3");
    if (typeof resolved === "string" && path.isAbsolute(resolved)) return resolved;
  } catch {
    // no module context (bundled): use the project's copy
  }
  return path.join(process.cwd(), "node_modules", "better-sqlite3");
}

/** Helpers a transpiler may have put into the function's text (esbuild's keepNames, as tsx runs it). */
const PRELUDE = "var __name = (target) => target;\n";

type Waiter = { resolve: (value: WriterResult[] | string[]) => void; reject: (err: Error) => void };

export class SqliteWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly synchronous: "full" | "normal",
  ) {}

  private thread(): Worker {
    if (this.worker) return this.worker;
    const workerData: WriterData = { file: this.file, synchronous: this.synchronous, driver: driverPath(), sql: WRITE_SQL };
    const worker = new Worker(`${PRELUDE}(${writerThread.toString()})()`, { eval: true, workerData });
    worker.unref(); // an idle writer does not keep the process alive; one with requests in flight does (request())
    worker.on("message", (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the SQLite writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private request(message: WriterRequest & { id: number }): Promise<WriterResult[] | string[]> {
    return new Promise((resolve, reject) => {
      const worker = this.thread();
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  async write(rows: Row[], breakers: BreakerRow[]): Promise<WriterResult[]> {
    return (await this.request({ type: "write", id: this.nextId++, rows, breakers })) as WriterResult[];
  }

  /** Records attempts as handed to the transport, in one transaction (durable before it resolves). */
  async markSent(marks: SentMark[]): Promise<void> {
    await this.request({ type: "sent", id: this.nextId++, marks });
  }

  async renewLeases(owner: string, runIds: string[], until: number): Promise<string[]> {
    return (await this.request({ type: "renew", id: this.nextId++, owner, runIds, until })) as string[];
  }

  /** Closes the connection and ends the thread (after the requests already sent). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    const close: WriterRequest = { type: "close" };
    worker.postMessage(close);
    await exited;
  }
}
