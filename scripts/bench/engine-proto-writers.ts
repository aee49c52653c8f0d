/**
 * The prototype store's SQLite batch writer (see engine-proto-store.ts): a
 * batch of new runs, transitions and breaker states in ONE transaction
 * (BEGIN IMMEDIATE ... COMMIT), with prepared statements on better-sqlite3;
 * a savepoint per transition so that a stale one is left out alone.
 */
import Database from "better-sqlite3";
import type { BatchWriter, CreateRow, TransitionRow } from "./engine-proto-store";

/** Prisma stores SQLite DateTime as ISO text with "+00:00"; the same format keeps its comparisons right. */
const sqliteTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));

export function sqliteWriter(file: string, synchronous: "full" | "normal" | null): BatchWriter {
  const db = new Database(file, { timeout: 10_000 });
  if (synchronous) db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  const q = {
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
    rollback: db.prepare("ROLLBACK"),
    savepoint: db.prepare("SAVEPOINT t"),
    release: db.prepare("RELEASE t"),
    undo: db.prepare("ROLLBACK TO t"),
    createRun: db.prepare(
      `INSERT INTO "Run" ("id", "workflowId", "versionId", "status", "state", "input", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    moveRun: db.prepare(
      `UPDATE "Run" SET "seq" = ?, "status" = ?, "currentState" = ?, "state" = ?, "wakeAt" = ?, "output" = COALESCE(?, "output"),
         "failure" = ?, "finishedAt" = ?, "leaseOwner" = ?, "leaseExpiresAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "seq" = ?`,
    ),
    resolve: db.prepare(
      `UPDATE "Escalation" SET "status" = ?, "resolvedAt" = ?, "resolvedBy" = ?, "resolution" = ?, "updatedAt" = ?
       WHERE "id" = ? AND "status" IN ('open', 'claimed')`,
    ),
    transition: db.prepare(
      `INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    finish: db.prepare(
      `UPDATE "StepAttempt" SET "status" = ?, "finishedAt" = ?, "output" = COALESCE(?, "output"), "error" = COALESCE(?, "error"),
         "latencyMs" = COALESCE(?, "latencyMs"), "fromCache" = COALESCE(?, "fromCache")
       WHERE "runId" = ? AND "stateId" = ? AND "visit" = ? AND "attempt" = ? AND "purpose" = ?`,
    ),
    start: db.prepare(
      `INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool", "input",
         "idempotencyKey", "status", "startedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'started', ?)
       ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input",
         "status" = 'started', "startedAt" = excluded."startedAt", "finishedAt" = NULL, "output" = NULL, "error" = NULL`,
    ),
    escalation: db.prepare(
      `INSERT INTO "Escalation" ("id", "runId", "stateId", "reason", "title", "message", "context", "options", "details",
         "assigneeGroup", "status", "dueAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
    ),
    breaker: db.prepare(
      `INSERT INTO "CircuitBreaker" ("server", "state", "updatedAt") VALUES (?, ?, ?)
       ON CONFLICT ("server") DO UPDATE SET "state" = excluded."state", "updatedAt" = excluded."updatedAt"`,
    ),
  };

  const create = (r: CreateRow) => {
    const now = sqliteTime(r.now);
    q.createRun.run(r.id, r.workflowId, r.versionId, r.status, r.state, r.input, now, now);
    return true;
  };
  const transition = (t: TransitionRow) => {
    const now = sqliteTime(t.now);
    q.savepoint.run();
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
    const resolved =
      !t.resolves ||
      q.resolve.run(t.resolves.status, now, t.resolves.by, t.resolves.resolution, now, t.resolves.id).changes === 1;
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
  };

  return {
    parallel: 1,
    write(rows, breakers) {
      q.begin.run();
      try {
        const results = rows.map((r) => (r.kind === "create" ? create(r) : transition(r)));
        const now = sqliteTime(Date.now());
        for (const [server, state] of breakers) q.breaker.run(server, state, now);
        q.commit.run();
        return Promise.resolve(results);
      } catch (err) {
        q.rollback.run();
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
