/**
 * The run store's hot path written directly on the drivers, for bench:engine's
 * micro-measurements: the same rows PrismaRunStore.commit writes for a step
 * (Run update with the seq check, Transition insert, the finished attempt
 * updated, the next attempt upserted) and the same read as loadRun, with
 * prepared statements on better-sqlite3 and pg, one transition per
 * transaction or many (group commit).
 */
import Database from "better-sqlite3";
import pg from "pg";

/** One transition's rows, already serialized. */
export interface RawTransition {
  runId: string;
  expectedSeq: number;
  status: string;
  currentState: string;
  state: string;
  event: string;
  commands: string;
  /** The attempt this transition completes: (stateId, visit), its output and latency. */
  doneState: string;
  doneVisit: number;
  output: string;
  latencyMs: number;
  /** The attempt it starts. */
  attemptId: string;
  nextState: string;
  nextVisit: number;
  input: string;
  idempotencyKey: string;
}

export interface RawStore {
  loadRun(runId: string): Promise<unknown>;
  /** Writes the transitions in ONE transaction; throws if a run's seq moved. */
  commit(batch: RawTransition[]): Promise<void>;
  close(): Promise<void>;
}

export function sqliteRaw(file: string, synchronous: "full" | "normal" | null): RawStore {
  const db = new Database(file, { timeout: 10_000 });
  if (synchronous) db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  const load = db.prepare(`SELECT "id", "versionId", "seq", "state" FROM "Run" WHERE "id" = ?`);
  const moveRun = db.prepare(
    `UPDATE "Run" SET "seq" = ?, "status" = ?, "currentState" = ?, "state" = ?, "wakeAt" = NULL, "failure" = NULL,
       "finishedAt" = NULL, "leaseOwner" = 'bench', "leaseExpiresAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "seq" = ?`,
  );
  const addTransition = db.prepare(
    `INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const finishAttempt = db.prepare(
    `UPDATE "StepAttempt" SET "status" = 'succeeded', "finishedAt" = ?, "output" = ?, "latencyMs" = ?, "fromCache" = 0
     WHERE "runId" = ? AND "stateId" = ? AND "visit" = ? AND "attempt" = 1 AND "purpose" = 'step'`,
  );
  const startAttempt = db.prepare(
    `INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool", "input",
       "idempotencyKey", "status", "startedAt") VALUES (?, ?, ?, ?, 1, 'step', 'noop', 'noop', ?, ?, 'started', ?)
     ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input",
       "status" = 'started', "startedAt" = excluded."startedAt", "finishedAt" = NULL, "output" = NULL, "error" = NULL`,
  );
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  return {
    loadRun(runId) {
      const row = load.get(runId) as { state: string } | undefined;
      return Promise.resolve(row ? { ...row, state: JSON.parse(row.state) as unknown } : null);
    },
    commit(batch) {
      const now = new Date().toISOString();
      const lease = new Date(Date.now() + 10_000).toISOString();
      begin.run();
      try {
        for (const t of batch) {
          const moved = moveRun.run(t.expectedSeq + 1, t.status, t.currentState, t.state, lease, now, t.runId, t.expectedSeq);
          if (moved.changes !== 1) throw new Error(`run ${t.runId} moved`);
          addTransition.run(t.runId, t.expectedSeq + 1, t.event, t.status, t.currentState, t.commands, now);
          finishAttempt.run(now, t.output, t.latencyMs, t.runId, t.doneState, t.doneVisit);
          startAttempt.run(t.attemptId, t.runId, t.nextState, t.nextVisit, t.input, t.idempotencyKey, now);
        }
        commit.run();
      } catch (err) {
        rollback.run();
        throw err;
      }
      return Promise.resolve();
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * PostgreSQL: a whole batch in ONE statement (one round trip, atomic): arrays of the batch's columns are
 * unnested; the Run update checks each seq, and only runs that moved get their transition and attempts.
 */
const PG_COMMIT = `
WITH b AS (
  SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::int[], $10::text[], $11::float8[], $12::text[], $13::text[], $14::int[], $15::text[], $16::text[])
  AS t(run_id, expected_seq, status, current_state, state, event, commands, done_state, done_visit, output, latency,
    attempt_id, next_state, next_visit, input, idem)
), moved AS (
  UPDATE "Run" r SET "seq" = b.expected_seq + 1, "status" = b.status, "currentState" = b.current_state,
    "state" = b.state::jsonb, "wakeAt" = NULL, "failure" = NULL, "finishedAt" = NULL, "leaseOwner" = 'bench',
    "leaseExpiresAt" = now() + interval '10 seconds', "updatedAt" = now()
  FROM b WHERE r."id" = b.run_id AND r."seq" = b.expected_seq RETURNING r."id"
), tr AS (
  INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt")
  SELECT b.run_id, b.expected_seq + 1, b.event::jsonb, b.status, b.current_state, b.commands::jsonb, now()
  FROM b JOIN moved m ON m."id" = b.run_id
), done AS (
  UPDATE "StepAttempt" a SET "status" = 'succeeded', "finishedAt" = now(), "output" = b.output::jsonb,
    "latencyMs" = b.latency, "fromCache" = false
  FROM b JOIN moved m ON m."id" = b.run_id
  WHERE a."runId" = b.run_id AND a."stateId" = b.done_state AND a."visit" = b.done_visit AND a."attempt" = 1
    AND a."purpose" = 'step'
), started AS (
  INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool", "input",
    "idempotencyKey", "status", "startedAt")
  SELECT b.attempt_id, b.run_id, b.next_state, b.next_visit, 1, 'step', 'noop', 'noop', b.input::jsonb, b.idem,
    'started', now()
  FROM b JOIN moved m ON m."id" = b.run_id
  ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input",
    "status" = 'started', "startedAt" = excluded."startedAt", "finishedAt" = NULL, "output" = NULL, "error" = NULL
)
SELECT count(*)::int AS moved FROM moved`;

const columns = (batch: RawTransition[]) => [
  batch.map((t) => t.runId),
  batch.map((t) => t.expectedSeq),
  batch.map((t) => t.status),
  batch.map((t) => t.currentState),
  batch.map((t) => t.state),
  batch.map((t) => t.event),
  batch.map((t) => t.commands),
  batch.map((t) => t.doneState),
  batch.map((t) => t.doneVisit),
  batch.map((t) => t.output),
  batch.map((t) => t.latencyMs),
  batch.map((t) => t.attemptId),
  batch.map((t) => t.nextState),
  batch.map((t) => t.nextVisit),
  batch.map((t) => t.input),
  batch.map((t) => t.idempotencyKey),
];

export function postgresRaw(url: string, connections: number, mode: "statement" | "transaction"): RawStore {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  return {
    async loadRun(runId) {
      const { rows } = await pool.query<{ id: string; versionId: string; seq: number; state: unknown }>({
        name: "load_run",
        text: `SELECT "id", "versionId", "seq", "state" FROM "Run" WHERE "id" = $1`,
        values: [runId],
      });
      return rows[0] ?? null;
    },
    async commit(batch) {
      if (mode === "statement") {
        const { rows } = await pool.query<{ moved: number }>({ name: "commit_batch", text: PG_COMMIT, values: columns(batch) });
        if (rows[0]?.moved !== batch.length) throw new Error("a run moved");
        return;
      }
      // As PrismaRunStore does it: BEGIN, one statement per row, COMMIT (a round trip each), prepared.
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const t of batch) {
          const moved = await client.query({
            name: "move_run",
            text: `UPDATE "Run" SET "seq" = $1, "status" = $2, "currentState" = $3, "state" = $4::jsonb, "wakeAt" = NULL,
              "failure" = NULL, "finishedAt" = NULL, "leaseOwner" = 'bench', "leaseExpiresAt" = now() + interval '10 seconds',
              "updatedAt" = now() WHERE "id" = $5 AND "seq" = $6`,
            values: [t.expectedSeq + 1, t.status, t.currentState, t.state, t.runId, t.expectedSeq],
          });
          if (moved.rowCount !== 1) throw new Error(`run ${t.runId} moved`);
          await client.query({
            name: "add_transition",
            text: `INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt")
              VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb, now())`,
            values: [t.runId, t.expectedSeq + 1, t.event, t.status, t.currentState, t.commands],
          });
          await client.query({
            name: "finish_attempt",
            text: `UPDATE "StepAttempt" SET "status" = 'succeeded', "finishedAt" = now(), "output" = $1::jsonb,
              "latencyMs" = $2, "fromCache" = false
              WHERE "runId" = $3 AND "stateId" = $4 AND "visit" = $5 AND "attempt" = 1 AND "purpose" = 'step'`,
            values: [t.output, t.latencyMs, t.runId, t.doneState, t.doneVisit],
          });
          await client.query({
            name: "start_attempt",
            text: `INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool",
              "input", "idempotencyKey", "status", "startedAt") VALUES ($1, $2, $3, $4, 1, 'step', 'noop', 'noop', $5::jsonb,
              $6, 'started', now())
              ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input",
              "status" = 'started', "startedAt" = excluded."startedAt", "finishedAt" = NULL, "output" = NULL, "error" = NULL`,
            values: [t.attemptId, t.runId, t.nextState, t.nextVisit, t.input, t.idempotencyKey],
          });
        }
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
