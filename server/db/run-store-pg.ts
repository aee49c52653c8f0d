/**
 * The run store's driver on PostgreSQL: a pg Pool of its own, each batch of
 * transitions ONE prepared statement (run-store-pg-sql.ts: one round trip, one
 * transaction), up to `parallel` batches in flight on separate connections.
 * Queued runs and runs whose engine died are claimed with
 * FOR UPDATE SKIP LOCKED: the claimer's lease goes on the row, so two engines
 * never take the same run (the seq check still refuses a stale writer). New
 * runs are announced to the other engines with NOTIFY (pg-wake.ts).
 */
import pg from "pg";
import type { RunState } from "../engine/core/types";
import type { BreakerState } from "../engine/core/breaker";
import type { Claim } from "../engine/runtime/ports";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { BreakerRow, Row } from "./run-rows";
import type { RowResult, StoreDriver } from "./run-store-batched";
import { BATCH_SQL, batchValues, SENT_SQL, time } from "./run-store-pg-sql";
import { PgWake } from "./pg-wake";

const ACTIVE = `('running', 'retrying', 'compensating')`;

const SQL = {
  loadRun: `SELECT "versionId", "seq", "state" FROM "Run" WHERE "id" = $1`,
  definition: `SELECT "definition" FROM "WorkflowVersion" WHERE "id" = $1`,
  breakers: `SELECT "server", "state", (extract(epoch FROM "updatedAt") * 1000)::float8 AS "at" FROM "CircuitBreaker"`,
  renew: `UPDATE "Run" SET "leaseExpiresAt" = $1::timestamp WHERE "id" = ANY($2::text[]) AND "leaseOwner" = $3 RETURNING "id"`,
  queued: `SELECT "id", "input" FROM "Run" WHERE "status" = 'queued' AND "seq" = 0 ORDER BY "createdAt" LIMIT $1`,
  claimQueued: `UPDATE "Run" r SET "leaseOwner" = $1, "leaseExpiresAt" = $2::timestamp
    FROM (SELECT "id" FROM "Run" WHERE "status" = 'queued' AND "seq" = 0
            AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < $3::timestamp)
          ORDER BY "createdAt" LIMIT $4 FOR UPDATE SKIP LOCKED) c
    WHERE r."id" = c."id" RETURNING r."id", r."input"`,
  pendingCalls: `SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND "state"->'pending'->>'type' IN ('call', 'model')`,
  claimExpired: `UPDATE "Run" r SET "leaseOwner" = $1, "leaseExpiresAt" = $2::timestamp
    FROM (SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND "state"->'pending'->>'type' IN ('call', 'model')
            AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < $3::timestamp)
          LIMIT 100 FOR UPDATE SKIP LOCKED) c
    WHERE r."id" = c."id" RETURNING r."id"`,
};

export function pgDriver(url: string, parallel = 4): StoreDriver {
  let pool: pg.Pool | null = null;
  const db = () => {
    if (!pool) {
      // Writers plus two connections for reads and claims.
      pool = new pg.Pool({ connectionString: url, max: parallel + 2 });
      // An idle connection closed by the server (restart, DROP DATABASE) must not crash the process; the pool replaces it.
      pool.on("error", () => undefined);
    }
    return pool;
  };

  async function writeBatch(rows: Row[], breakers: BreakerRow[]): Promise<RowResult[]> {
    const { rows: result } = await db().query<{ queued: string[]; moved: string[] }>({
      name: "switchyard_batch",
      text: BATCH_SQL,
      values: batchValues(rows, breakers),
    });
    const moved = new Set(result[0]?.moved ?? []);
    const queued = new Set(result[0]?.queued ?? []);
    // Only queued runs are for other engines to claim; a run created by its first transition is this engine's.
    if (queued.size > 0) wake.notify(db());
    return rows.map((r) => (r.kind === "create" ? queued.has(r.id) : moved.has(r.runId)));
  }

  const wake = new PgWake(url);

  return {
    parallel,
    onWake: (listener) => wake.subscribe(listener),
    async write(rows, breakers) {
      try {
        return await writeBatch(rows, breakers);
      } catch (err) {
        if (rows.length <= 1 || !isRowError(err)) throw err;
        // One row broke the whole statement: write them one by one, so that only that row fails.
        const results: RowResult[] = [];
        for (const [i, row] of rows.entries()) {
          try {
            results.push(...(await writeBatch([row], i === 0 ? breakers : [])));
          } catch (e) {
            if (!isRowError(e)) throw e;
            results.push(e instanceof Error ? e : new Error(String(e)));
          }
        }
        return results;
      }
    },
    async markSent(marks) {
      await db().query({
        name: "switchyard_sent",
        text: SENT_SQL,
        values: [
          marks.map((m) => m.runId),
          marks.map((m) => m.stateId),
          marks.map((m) => m.visit),
          marks.map((m) => m.attempt),
          marks.map((m) => m.purpose),
          marks.map((m) => time(m.at)),
        ],
      });
    },
    async loadRun(runId) {
      const { rows } = await db().query<{ versionId: string; seq: number; state: RunState }>({
        name: "switchyard_load_run",
        text: SQL.loadRun,
        values: [runId],
      });
      return rows[0] ?? null;
    },
    async loadDefinition(versionId) {
      const { rows } = await db().query<{ definition: WorkflowDefinition }>(SQL.definition, [versionId]);
      return rows[0]?.definition ?? null;
    },
    async loadBreakers() {
      const { rows } = await db().query<{ server: string; state: BreakerState; at: number }>(SQL.breakers);
      return rows;
    },
    async renewLeases(owner, runIds, until) {
      const { rows } = await db().query<{ id: string }>(SQL.renew, [time(until), runIds, owner]);
      return rows.map((r) => r.id);
    },
    async queuedRuns(limit: number, claim?: Claim) {
      const { rows } = claim
        ? await db().query<{ id: string; input: unknown }>(SQL.claimQueued, [
            claim.owner,
            time(claim.until),
            time(claim.now),
            limit,
          ])
        : await db().query<{ id: string; input: unknown }>(SQL.queued, [limit]);
      return rows.map((r) => ({ runId: r.id, input: r.input }));
    },
    async runsWithPendingCalls(now?: number, claim?: Claim) {
      const { rows } =
        now !== undefined && claim
          ? await db().query<{ id: string }>(SQL.claimExpired, [claim.owner, time(claim.until), time(now)])
          : now !== undefined
            ? await db().query<{ id: string }>(`${SQL.pendingCalls} AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < $1)`, [
                time(now),
              ])
            : await db().query<{ id: string }>(SQL.pendingCalls);
      return rows.map((r) => r.id);
    },
    async close() {
      wake.close();
      const closing = pool;
      pool = null;
      await closing?.end();
    },
  };
}

/** Errors caused by the data of a row (constraint, invalid input), as opposed to the connection or the server. */
function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}
