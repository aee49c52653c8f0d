/**
 * The run store's driver on SQLite: its own better-sqlite3 connection to the
 * file Prisma uses (WAL), prepared statements, and ONE write transaction
 * (BEGIN IMMEDIATE ... COMMIT) per batch of transitions, with a savepoint per
 * transition so that a refused or failing one is left out alone. Durability is
 * explicit: synchronous=FULL by default (a committed transition survives a
 * power loss, not only a crash of the process; see docs/ARCHITECTURE.md).
 * When another connection holds the write lock, the batch waits off the event
 * loop (a short busy timeout, then retries on a timer).
 */
import Database from "better-sqlite3";
import type { RunState } from "../engine/core/types";
import type { BreakerState } from "../engine/core/breaker";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { BreakerRow, CreateRow, Row, TransitionRow } from "./run-rows";
import type { RowResult, StoreDriver } from "./run-store-batched";
import { sqliteStatements, type SqliteStatements } from "./run-store-sqlite-sql";

export type SqliteSynchronous = "full" | "normal";

/** Prisma stores SQLite DateTime as ISO text with "+00:00"; the same format keeps its comparisons right. */
export const sqliteTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));

/** How long a statement may block the event loop waiting for another connection's lock, and how long a batch keeps trying. */
const BUSY_MS = 20;
const GIVE_UP_MS = 30_000;

const isBusy = (err: unknown) => (err as { code?: unknown }).code === "SQLITE_BUSY";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sqliteDriver(file: string, synchronous: SqliteSynchronous = "full"): StoreDriver {
  let open: { db: Database.Database; q: SqliteStatements } | null = null;
  const conn = () => {
    if (!open) {
      const db = new Database(file, { timeout: BUSY_MS });
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
      db.pragma("foreign_keys = ON");
      open = { db, q: sqliteStatements(db) };
    }
    return open;
  };

  /** Runs `work` in one write transaction, retrying on a timer while another connection holds the lock. */
  async function transaction<T>(work: (q: SqliteStatements) => T): Promise<T> {
    const deadline = Date.now() + GIVE_UP_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      const { q } = conn();
      try {
        q.begin.run();
      } catch (err) {
        if (!isBusy(err) || Date.now() > deadline) throw err;
        await sleep(wait);
        continue;
      }
      try {
        const result = work(q);
        q.commit.run();
        return result;
      } catch (err) {
        q.rollback.run();
        throw err;
      }
    }
  }

  const create = (q: SqliteStatements, r: CreateRow): RowResult => {
    const now = sqliteTime(r.now);
    q.savepoint.run();
    try {
      q.createRun.run(r.id, r.workflowId, r.versionId, r.status, r.state, r.input, now, now);
      q.release.run();
      return true;
    } catch (err) {
      q.undo.run();
      q.release.run();
      return err instanceof Error ? err : new Error(String(err));
    }
  };

  const transition = (q: SqliteStatements, t: TransitionRow): RowResult => {
    const now = sqliteTime(t.now);
    q.savepoint.run();
    try {
      const moved = q.moveRun.run(
        t.expectedSeq + 1,
        t.status,
        t.currentState,
        t.state,
        sqliteTime(t.wakeAt),
        t.output,
        t.failure,
        sqliteTime(t.finishedAt),
        t.leaseOwner,
        sqliteTime(t.leaseExpiresAt),
        now,
        t.runId,
        t.expectedSeq,
      );
      const r = t.resolves;
      const resolved = !r || q.resolve.run(r.status, now, r.by, r.resolution, now, r.id).changes === 1;
      if (moved.changes !== 1 || !resolved) {
        q.undo.run();
        q.release.run();
        return false;
      }
      q.transition.run(t.runId, t.expectedSeq + 1, t.event, t.status, t.currentState, t.commands, now);
      const c = t.completed;
      if (c) {
        const fromCache = c.fromCache === null ? null : c.fromCache ? 1 : 0;
        q.finish.run(c.status, now, c.output, c.error, c.latencyMs, fromCache, t.runId, c.stateId, c.visit, c.attempt, c.purpose);
      }
      for (const a of t.started)
        q.start.run(a.id, t.runId, a.stateId, a.visit, a.attempt, a.purpose, a.server, a.tool, a.input, a.idempotencyKey, now);
      for (const e of t.escalations) {
        const values = [e.id, t.runId, e.stateId, e.reason, e.title, e.message, e.context, e.options, e.details, e.assigneeGroup];
        q.escalation.run(...values, sqliteTime(e.dueAt), now, now);
      }
      q.release.run();
      return true;
    } catch (err) {
      q.undo.run();
      q.release.run();
      return err instanceof Error ? err : new Error(String(err));
    }
  };

  return {
    parallel: 1,
    write(rows: Row[], breakers: BreakerRow[]) {
      return transaction((q) => {
        const results = rows.map((r) => (r.kind === "create" ? create(q, r) : transition(q, r)));
        for (const [server, state, at] of breakers) q.breaker.run(server, state, sqliteTime(at));
        return results;
      });
    },
    loadRun(runId) {
      const row = conn().q.loadRun.get(runId) as { versionId: string; seq: number; state: string } | undefined;
      return Promise.resolve(row ? { versionId: row.versionId, seq: row.seq, state: JSON.parse(row.state) as RunState } : null);
    },
    loadDefinition(versionId) {
      const row = conn().q.definition.get(versionId) as { definition: string } | undefined;
      return Promise.resolve(row ? (JSON.parse(row.definition) as WorkflowDefinition) : null);
    },
    loadBreakers() {
      const rows = conn().q.breakers.all() as { server: string; state: string; updatedAt: string }[];
      return Promise.resolve(
        rows.map((r) => ({ server: r.server, state: JSON.parse(r.state) as BreakerState, at: Date.parse(r.updatedAt) })),
      );
    },
    async renewLeases(owner, runIds, until) {
      return transaction((q) => runIds.filter((id) => q.renewLease.run(sqliteTime(until), id, owner).changes === 1));
    },
    /** One engine per SQLite file: no claim is needed (the seq check keeps a second writer out). */
    queuedRuns(limit) {
      const rows = conn().q.queued.all(limit) as { id: string; input: string }[];
      return Promise.resolve(rows.map((r) => ({ runId: r.id, input: JSON.parse(r.input) as unknown })));
    },
    runsWithPendingCalls(now) {
      const q = conn().q;
      const rows = (now === undefined ? q.pendingCalls.all() : q.expiredPendingCalls.all(sqliteTime(now))) as { id: string }[];
      return Promise.resolve(rows.map((r) => r.id));
    },
    close() {
      open?.db.close();
      open = null;
      return Promise.resolve();
    },
  };
}
