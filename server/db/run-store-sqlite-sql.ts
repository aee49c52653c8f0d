/**
 * The SQLite run store's statements (run-store-sqlite.ts, sqlite-writer-thread.ts). Table and
 * column names are the Prisma models' (prisma/models.prisma); times are ISO
 * text as Prisma's adapter writes them, JSON is text.
 */
import type Database from "better-sqlite3";

const ACTIVE = `('running', 'retrying', 'compensating')`;

/** The writer thread's statements (sqlite-writer-thread.ts prepares them on its connection). */
export const WRITE_SQL = {
  begin: "BEGIN IMMEDIATE",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  savepoint: "SAVEPOINT t",
  release: "RELEASE t",
  undo: "ROLLBACK TO t",
  createRun: `INSERT INTO "Run" ("id", "workflowId", "versionId", "status", "state", "input", "seed", "parentRunId", "fromStateId",
    "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  /** A trigger's delivery, once: a second one changes nothing (and its run is not created). */
  firing: `INSERT INTO "TriggerFiring" ("id", "triggerId", "dedupKey", "runId", "createdAt") VALUES (?, ?, ?, ?, ?)
    ON CONFLICT ("triggerId", "dedupKey") DO NOTHING`,
  /** A person's decision, audited in the same transaction. */
  audit: `INSERT INTO "AuditEvent" ("id", "at", "actor", "action", "target", "detail", "address") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  moveRun: `UPDATE "Run" SET "seq" = ?, "status" = ?, "currentState" = ?, "state" = ?, "wakeAt" = ?, "output" = COALESCE(?, "output"),
    "failure" = ?, "finishedAt" = ?, "leaseOwner" = ?, "leaseExpiresAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "seq" = ?`,
  resolve: `UPDATE "Escalation" SET "status" = ?, "resolvedAt" = ?, "resolvedBy" = ?, "resolution" = ?, "updatedAt" = ?
    WHERE "id" = ? AND "status" IN ('open', 'claimed')`,
  transition: `INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?, ?)`,
  finish: `UPDATE "StepAttempt" SET "status" = ?, "finishedAt" = ?, "output" = COALESCE(?, "output"), "error" = COALESCE(?, "error"),
    "latencyMs" = COALESCE(?, "latencyMs"), "fromCache" = COALESCE(?, "fromCache")
    WHERE "runId" = ? AND "stateId" = ? AND "visit" = ? AND "attempt" = ? AND "purpose" = ?`,
  start: `INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool", "input",
    "idempotencyKey", "status", "startedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'started', ?)
    ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input",
    "status" = 'started', "startedAt" = excluded."startedAt", "sentAt" = NULL, "finishedAt" = NULL, "output" = NULL, "error" = NULL`,
  /** The request of an attempt is about to be handed to the transport. */
  sent: `UPDATE "StepAttempt" SET "sentAt" = ? WHERE "runId" = ? AND "stateId" = ? AND "visit" = ? AND "attempt" = ? AND "purpose" = ?`,
  escalation: `INSERT INTO "Escalation" ("id", "runId", "stateId", "reason", "title", "message", "context", "options", "details",
    "assigneeGroup", "status", "dueAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
  /** A breaker's status change, written only over an older one. */
  breaker: `INSERT INTO "CircuitBreaker" ("server", "state", "updatedAt") VALUES (?, ?, ?)
    ON CONFLICT ("server") DO UPDATE SET "state" = excluded."state", "updatedAt" = excluded."updatedAt"
    WHERE excluded."updatedAt" >= "CircuitBreaker"."updatedAt"`,
  renewLease: `UPDATE "Run" SET "leaseExpiresAt" = ? WHERE "id" = ? AND "leaseOwner" = ?`,
};

export type WriteSql = typeof WRITE_SQL;

/** The reads, prepared on the main thread's connection (WAL: readers never wait for the writer). */
export function readStatements(db: Database.Database) {
  return {
    breakers: db.prepare(`SELECT "server", "state", "updatedAt" FROM "CircuitBreaker"`),
    loadRun: db.prepare(`SELECT "versionId", "seq", "state" FROM "Run" WHERE "id" = ?`),
    definition: db.prepare(`SELECT "definition" FROM "WorkflowVersion" WHERE "id" = ?`),
    queued: db.prepare(`SELECT "id", "input" FROM "Run" WHERE "status" = 'queued' AND "seq" = 0 ORDER BY "createdAt" LIMIT ?`),
    pendingCalls: db.prepare(
      `SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND json_extract("state", '$.pending.type') IN ('call', 'model')`,
    ),
    expiredPendingCalls: db.prepare(
      `SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND json_extract("state", '$.pending.type') IN ('call', 'model')
         AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ?)`,
    ),
  };
}

export type ReadStatements = ReturnType<typeof readStatements>;
