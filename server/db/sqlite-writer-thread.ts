/**
 * The body of the SQLite writer thread (sqlite-writer.ts starts it with
 * `new Worker(source, { eval: true })`, the source being this function's
 * text): it owns the write connection, so SQLite's work and the fsync of
 * every COMMIT happen off the event loop, which meanwhile collects the next
 * batch. The function must stay self-contained: no imports used at run time,
 * no references outside its body (its text is all the thread gets).
 *
 * One message = one write transaction (BEGIN IMMEDIATE ... COMMIT), a
 * savepoint per transition so that a refused or failing one is left out alone.
 */
import type { BreakerRow, CreateRow, Row, SentMark } from "./run-rows";
import type { WriteSql } from "./run-store-sqlite-sql";

export interface WriterData {
  file: string;
  synchronous: "full" | "normal";
  /** Absolute path of the better-sqlite3 package (resolved by the main thread). */
  driver: string;
  sql: WriteSql;
}

export type WriterRequest =
  | { type: "write"; id: number; rows: Row[]; breakers: BreakerRow[] }
  | { type: "renew"; id: number; owner: string; runIds: string[]; until: number }
  | { type: "sent"; id: number; marks: SentMark[] }
  | { type: "close" };

/** Per row: written, refused, or the message of its own error. */
export type WriterResult = boolean | { error: string };

export type WriterReply = { id: number; ok: true; value: WriterResult[] | string[] } | { id: number; ok: false; error: string };

export function writerThread(): void {
  const threads = process.getBuiltinModule("node:worker_threads");
  const { createRequire } = process.getBuiltinModule("node:module");
  const parentPort = threads.parentPort;
  const data = threads.workerData as WriterData;
  type Statement = { run(...args: unknown[]): { changes: number } };
  type Connection = { prepare(sql: string): Statement; pragma(p: string): unknown; close(): void };
  const Database = createRequire(data.driver)(data.driver) as new (file: string, o: { timeout: number }) => Connection;
  const db = new Database(data.file, { timeout: 15_000 });
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${data.synchronous.toUpperCase()}`);
  db.pragma("foreign_keys = ON");
  const q = Object.fromEntries(Object.entries(data.sql).map(([k, sql]) => [k, db.prepare(sql)])) as Record<
    keyof WriteSql,
    Statement
  >;
  const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));
  const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

  /** Inserts a new run (and its trigger delivery); false when the delivery was already recorded. */
  function create(c: CreateRow): boolean {
    const now = time(c.now);
    const f = c.firing;
    if (f && q.firing.run(f.id, f.triggerId, f.dedupKey, c.id, now).changes !== 1) return false;
    q.createRun.run(c.id, c.workflowId, c.versionId, c.status, c.state, c.input, c.seed, c.parentRunId, c.fromStateId, now, now);
    return true;
  }

  function refuse(): false {
    q.undo.run();
    q.release.run();
    return false;
  }

  function writeRow(r: Row): WriterResult {
    q.savepoint.run();
    try {
      if (r.kind === "create") {
        if (!create(r)) return refuse();
        q.release.run();
        return true;
      }
      if (r.create && !create(r.create)) return refuse();
      const now = time(r.now);
      const moved = q.moveRun.run(
        r.expectedSeq + 1,
        r.status,
        r.currentState,
        r.state,
        time(r.wakeAt),
        r.output,
        r.failure,
        time(r.finishedAt),
        r.leaseOwner,
        time(r.leaseExpiresAt),
        now,
        r.runId,
        r.expectedSeq,
      );
      const e = r.resolves;
      const resolved = !e || q.resolve.run(e.status, now, e.by, e.resolution, now, e.id).changes === 1;
      if (moved.changes !== 1 || !resolved) return refuse();
      q.transition.run(r.runId, r.expectedSeq + 1, r.event, r.status, r.currentState, r.commands, now);
      const c = r.completed;
      if (c) {
        const fromCache = c.fromCache === null ? null : c.fromCache ? 1 : 0;
        q.finish.run(c.status, now, c.output, c.error, c.latencyMs, fromCache, r.runId, c.stateId, c.visit, c.attempt, c.purpose);
      }
      for (const a of r.started)
        q.start.run(a.id, r.runId, a.stateId, a.visit, a.attempt, a.purpose, a.server, a.tool, a.input, a.idempotencyKey, now);
      for (const x of r.escalations) {
        const values = [x.id, r.runId, x.stateId, x.reason, x.title, x.message, x.context, x.options, x.details, x.assigneeGroup];
        q.escalation.run(...values, time(x.dueAt), now, now);
      }
      const a = r.audit;
      if (a) q.audit.run(a.id, now, a.actor, a.action, a.target, a.detail, a.address);
      q.release.run();
      return true;
    } catch (err) {
      q.undo.run();
      q.release.run();
      return { error: message(err) };
    }
  }

  function transaction<T>(work: () => T): T {
    q.begin.run();
    try {
      const value = work();
      q.commit.run();
      return value;
    } catch (err) {
      q.rollback.run();
      throw err;
    }
  }

  parentPort?.on("message", (m: WriterRequest) => {
    if (m.type === "close") {
      db.close();
      parentPort.close();
      return;
    }
    let reply: WriterReply;
    try {
      const value =
        m.type === "write"
          ? transaction(() => {
              const results = m.rows.map(writeRow);
              for (const [server, state, at] of m.breakers) q.breaker.run(server, state, time(at));
              return results;
            })
          : m.type === "sent"
            ? transaction(() =>
                m.marks.map((s) => q.sent.run(time(s.at), s.runId, s.stateId, s.visit, s.attempt, s.purpose).changes === 1),
              )
            : transaction(() => m.runIds.filter((id) => q.renewLease.run(time(m.until), id, m.owner).changes === 1));
      reply = { id: m.id, ok: true, value };
    } catch (err) {
      reply = { id: m.id, ok: false, error: message(err) };
    }
    parentPort.postMessage(reply);
  });
}
