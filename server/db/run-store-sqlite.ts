/**
 * The run store's driver on SQLite (the file Prisma uses, WAL). Writes go to a
 * thread of their own (sqlite-writer.ts): ONE write transaction per batch of
 * transitions, a savepoint per transition, so SQLite's work and the fsync run
 * beside the event loop while it collects the next batch. Reads are prepared
 * statements on a connection of the main thread (in WAL mode readers never
 * wait for the writer). Durability is explicit: synchronous=FULL by default (a
 * committed transition survives a power loss, not only a crash of the process;
 * see docs/ARCHITECTURE.md).
 */
import Database from "better-sqlite3";
import type { RunState } from "../engine/core/types";
import type { BreakerState } from "../engine/core/breaker";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RowResult, StoreDriver } from "./run-store-batched";
import { readStatements, type ReadStatements } from "./run-store-sqlite-sql";
import { SqliteWriter } from "./sqlite-writer";

export type SqliteSynchronous = "full" | "normal";

/** Prisma stores SQLite DateTime as ISO text with "+00:00"; the same format keeps its comparisons right. */
export const sqliteTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));

export function sqliteDriver(file: string, synchronous: SqliteSynchronous = "full"): StoreDriver {
  let open: { db: Database.Database; q: ReadStatements } | null = null;
  const reads = () => {
    if (!open) {
      const db = new Database(file, { timeout: 5_000 });
      open = { db, q: readStatements(db) };
    }
    return open.q;
  };
  const writer = new SqliteWriter(file, synchronous);

  return {
    parallel: 1,
    async write(rows, breakers) {
      const results = await writer.write(rows, breakers);
      return results.map((r): RowResult => (typeof r === "boolean" ? r : new Error(r.error)));
    },
    loadRun(runId) {
      const row = reads().loadRun.get(runId) as { versionId: string; seq: number; state: string } | undefined;
      return Promise.resolve(row ? { versionId: row.versionId, seq: row.seq, state: JSON.parse(row.state) as RunState } : null);
    },
    loadDefinition(versionId) {
      const row = reads().definition.get(versionId) as { definition: string } | undefined;
      return Promise.resolve(row ? (JSON.parse(row.definition) as WorkflowDefinition) : null);
    },
    loadBreakers() {
      const rows = reads().breakers.all() as { server: string; state: string; updatedAt: string }[];
      return Promise.resolve(
        rows.map((r) => ({ server: r.server, state: JSON.parse(r.state) as BreakerState, at: Date.parse(r.updatedAt) })),
      );
    },
    renewLeases: (owner, runIds, until) => writer.renewLeases(owner, runIds, until),
    markSent: (marks) => writer.markSent(marks),
    /** One engine per SQLite file: no claim is needed (the seq check keeps a second writer out). */
    queuedRuns(limit) {
      const rows = reads().queued.all(limit) as { id: string; input: string }[];
      return Promise.resolve(rows.map((r) => ({ runId: r.id, input: JSON.parse(r.input) as unknown })));
    },
    runsWithPendingCalls(now) {
      const q = reads();
      const rows = (now === undefined ? q.pendingCalls.all() : q.expiredPendingCalls.all(sqliteTime(now))) as { id: string }[];
      return Promise.resolve(rows.map((r) => r.id));
    },
    async close() {
      await writer.close();
      open?.db.close();
      open = null;
    },
  };
}
