/**
 * The SQLite run store's prepared statements (run-store-sqlite.ts). Table and
 * column names are the Prisma models' (prisma/models.prisma); times are ISO
 * text as Prisma's adapter writes them, JSON is text.
 */
import type Database from "better-sqlite3";

const ACTIVE = `('running', 'retrying', 'compensating')`;

export function sqliteStatements(db: Database.Database) {
  return {
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
    /** A breaker's status change, written only over an older one. */
    breaker: db.prepare(
      `INSERT INTO "CircuitBreaker" ("server", "state", "updatedAt") VALUES (?, ?, ?)
       ON CONFLICT ("server") DO UPDATE SET "state" = excluded."state", "updatedAt" = excluded."updatedAt"
       WHERE excluded."updatedAt" >= "CircuitBreaker"."updatedAt"`,
    ),
    breakers: db.prepare(`SELECT "server", "state", "updatedAt" FROM "CircuitBreaker"`),
    loadRun: db.prepare(`SELECT "versionId", "seq", "state" FROM "Run" WHERE "id" = ?`),
    definition: db.prepare(`SELECT "definition" FROM "WorkflowVersion" WHERE "id" = ?`),
    renewLease: db.prepare(`UPDATE "Run" SET "leaseExpiresAt" = ? WHERE "id" = ? AND "leaseOwner" = ?`),
    queued: db.prepare(`SELECT "id", "input" FROM "Run" WHERE "status" = 'queued' AND "seq" = 0 ORDER BY "createdAt" LIMIT ?`),
    pendingCalls: db.prepare(
      `SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND json_extract("state", '$.pending.type') = 'call'`,
    ),
    expiredPendingCalls: db.prepare(
      `SELECT "id" FROM "Run" WHERE "status" IN ${ACTIVE} AND json_extract("state", '$.pending.type') = 'call'
         AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ?)`,
    ),
  };
}

export type SqliteStatements = ReturnType<typeof sqliteStatements>;
