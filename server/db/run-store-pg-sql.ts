/**
 * The PostgreSQL run store's batch statement (run-store-pg.ts): a whole batch
 * (new runs, transitions with their attempts and escalations, breaker status
 * changes) in ONE prepared statement: one round trip, one transaction, the
 * columns passed as arrays and unnested into data-modifying CTEs. Each
 * transition is written only if its run's seq still matches (and, when it
 * resolves an escalation, only if that escalation is still open); the
 * statement returns the runs that moved. Table and column names are the Prisma
 * models' (prisma/models.prisma); times are UTC timestamps as Prisma writes them.
 */
import type { BreakerRow, CreateRow, Row, TransitionRow } from "./run-rows";

export const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** "unnest($a::t1[], $b::t2[], ...) AS x(c1, c2, ...)", numbering parameters from `first`. */
function unnest(first: number, columns: [string, string][]): string {
  const args = columns.map(([, type], i) => `$${first + i}::${type}[]`).join(", ");
  return `unnest(${args}) AS x(${columns.map(([name]) => name).join(", ")})`;
}

const CREATE: [string, string][] = [
  ["id", "text"],
  ["wf", "text"],
  ["v", "text"],
  ["st", "text"],
  ["s", "text"],
  ["i", "text"],
  ["n", "timestamp"],
];
const MOVE: [string, string][] = [
  ["id", "text"],
  ["exp", "int"],
  ["st", "text"],
  ["cur", "text"],
  ["s", "text"],
  ["wake", "timestamp"],
  ["out", "text"],
  ["fail", "text"],
  ["fin", "timestamp"],
  ["lo", "text"],
  ["le", "timestamp"],
  ["n", "timestamp"],
  ["ev", "text"],
  ["cmd", "text"],
  ["esc", "text"],
  ["esc_st", "text"],
  ["esc_by", "text"],
  ["esc_res", "text"],
];
const FINISH: [string, string][] = [
  ["r", "text"],
  ["sid", "text"],
  ["vis", "int"],
  ["att", "int"],
  ["pur", "text"],
  ["st", "text"],
  ["n", "timestamp"],
  ["out", "text"],
  ["err", "text"],
  ["lat", "float8"],
  ["fc", "bool"],
];
const START: [string, string][] = [
  ["id", "text"],
  ["r", "text"],
  ["sid", "text"],
  ["vis", "int"],
  ["att", "int"],
  ["pur", "text"],
  ["srv", "text"],
  ["tl", "text"],
  ["inp", "text"],
  ["k", "text"],
  ["n", "timestamp"],
];
const ESCALATE: [string, string][] = [
  ["id", "text"],
  ["r", "text"],
  ["sid", "text"],
  ["rs", "text"],
  ["ti", "text"],
  ["msg", "text"],
  ["ctx", "text"],
  ["opt", "text"],
  ["det", "text"],
  ["grp", "text"],
  ["due", "timestamp"],
  ["n", "timestamp"],
];
const BREAKER: [string, string][] = [
  ["srv", "text"],
  ["st", "text"],
  ["at", "timestamp"],
];

const groups = [CREATE, MOVE, FINISH, START, ESCALATE, BREAKER];
const firsts = groups.map((_, g) => 1 + groups.slice(0, g).reduce((a, cols) => a + cols.length, 0));
const at = (g: number, cols: [string, string][]) => unnest(firsts[g] ?? 1, cols);

export const BATCH_SQL = `
WITH c AS (SELECT * FROM ${at(0, CREATE)}),
created AS (
  INSERT INTO "Run" ("id", "workflowId", "versionId", "status", "state", "input", "createdAt", "updatedAt")
  SELECT id, wf, v, st, s::jsonb, i::jsonb, n, n FROM c RETURNING "id"
),
b AS (SELECT * FROM ${at(1, MOVE)}),
moved AS (
  UPDATE "Run" r SET "seq" = b.exp + 1, "status" = b.st, "currentState" = b.cur, "state" = b.s::jsonb, "wakeAt" = b.wake,
    "output" = COALESCE(b.out::jsonb, r."output"), "failure" = b.fail::jsonb, "finishedAt" = b.fin, "leaseOwner" = b.lo,
    "leaseExpiresAt" = b.le, "updatedAt" = b.n
  FROM b
  WHERE r."id" = b.id AND r."seq" = b.exp
    AND (b.esc IS NULL OR EXISTS (SELECT 1 FROM "Escalation" e WHERE e."id" = b.esc AND e."status" IN ('open', 'claimed')))
  RETURNING r."id"
),
resolved AS (
  UPDATE "Escalation" e SET "status" = b.esc_st, "resolvedAt" = b.n, "resolvedBy" = b.esc_by, "resolution" = b.esc_res::jsonb,
    "updatedAt" = b.n
  FROM b JOIN moved m ON m."id" = b.id WHERE e."id" = b.esc
),
tr AS (
  INSERT INTO "Transition" ("runId", "seq", "event", "status", "stateId", "commands", "createdAt")
  SELECT b.id, b.exp + 1, b.ev::jsonb, b.st, b.cur, b.cmd::jsonb, b.n FROM b JOIN moved m ON m."id" = b.id
),
f AS (SELECT * FROM ${at(2, FINISH)}),
finished AS (
  UPDATE "StepAttempt" a SET "status" = f.st, "finishedAt" = f.n, "output" = COALESCE(f.out::jsonb, a."output"),
    "error" = COALESCE(f.err::jsonb, a."error"), "latencyMs" = COALESCE(f.lat, a."latencyMs"), "fromCache" = COALESCE(f.fc, a."fromCache")
  FROM f JOIN moved m ON m."id" = f.r
  WHERE a."runId" = f.r AND a."stateId" = f.sid AND a."visit" = f.vis AND a."attempt" = f.att AND a."purpose" = f.pur
),
s AS (SELECT * FROM ${at(3, START)}),
started AS (
  INSERT INTO "StepAttempt" ("id", "runId", "stateId", "visit", "attempt", "purpose", "server", "tool", "input", "idempotencyKey",
    "status", "startedAt")
  SELECT s.id, s.r, s.sid, s.vis, s.att, s.pur, s.srv, s.tl, s.inp::jsonb, s.k, 'started', s.n FROM s JOIN moved m ON m."id" = s.r
  ON CONFLICT ("runId", "stateId", "visit", "attempt", "purpose") DO UPDATE SET "input" = excluded."input", "status" = 'started',
    "startedAt" = excluded."startedAt", "sentAt" = NULL, "finishedAt" = NULL, "output" = NULL, "error" = NULL
),
e AS (SELECT * FROM ${at(4, ESCALATE)}),
escalated AS (
  INSERT INTO "Escalation" ("id", "runId", "stateId", "reason", "title", "message", "context", "options", "details",
    "assigneeGroup", "status", "dueAt", "createdAt", "updatedAt")
  SELECT e.id, e.r, e.sid, e.rs, e.ti, e.msg, e.ctx::jsonb, e.opt::jsonb, e.det::jsonb, e.grp, 'open', e.due, e.n, e.n
  FROM e JOIN moved m ON m."id" = e.r
),
k AS (SELECT * FROM ${at(5, BREAKER)}),
breakers AS (
  INSERT INTO "CircuitBreaker" ("server", "state", "updatedAt") SELECT srv, st::jsonb, at FROM k
  ON CONFLICT ("server") DO UPDATE SET "state" = excluded."state", "updatedAt" = excluded."updatedAt"
  WHERE excluded."updatedAt" >= "CircuitBreaker"."updatedAt"
)
SELECT (SELECT count(*) FROM created)::int AS created, COALESCE((SELECT array_agg("id") FROM moved), '{}') AS moved`;

/** Column arrays from rows: cols(rows, r => [a, b]) -> [[a...], [b...]], `width` arrays even when there are no rows. */
function cols<T>(rows: T[], width: number, pick: (row: T) => unknown[]): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) pick(row).forEach((v, i) => out[i]?.push(v));
  return out;
}

/** The values of one batch, in BATCH_SQL's parameter order. */
export function batchValues(rows: Row[], breakers: BreakerRow[]): unknown[][] {
  const creates = rows.filter((r): r is CreateRow => r.kind === "create");
  const moves = rows.filter((r): r is TransitionRow => r.kind === "transition");
  const finishes = moves.flatMap((t) => (t.completed ? [{ t, c: t.completed }] : []));
  const starts = moves.flatMap((t) => t.started.map((a) => ({ t, a })));
  const escalations = moves.flatMap((t) => t.escalations.map((e) => ({ t, e })));
  return [
    ...cols(creates, CREATE.length, (r) => [r.id, r.workflowId, r.versionId, r.status, r.state, r.input, time(r.now)]),
    ...cols(moves, MOVE.length, (t) => [
      t.runId,
      t.expectedSeq,
      t.status,
      t.currentState,
      t.state,
      time(t.wakeAt),
      t.output,
      t.failure,
      time(t.finishedAt),
      t.leaseOwner,
      time(t.leaseExpiresAt),
      time(t.now),
      t.event,
      t.commands,
      t.resolves?.id ?? null,
      t.resolves?.status ?? null,
      t.resolves?.by ?? null,
      t.resolves?.resolution ?? null,
    ]),
    ...cols(finishes, FINISH.length, ({ t, c }) => [
      t.runId,
      c.stateId,
      c.visit,
      c.attempt,
      c.purpose,
      c.status,
      time(t.now),
      c.output,
      c.error,
      c.latencyMs,
      c.fromCache,
    ]),
    ...cols(starts, START.length, ({ t, a }) => [
      a.id,
      t.runId,
      a.stateId,
      a.visit,
      a.attempt,
      a.purpose,
      a.server,
      a.tool,
      a.input,
      a.idempotencyKey,
      time(t.now),
    ]),
    ...cols(escalations, ESCALATE.length, ({ t, e }) => [
      e.id,
      t.runId,
      e.stateId,
      e.reason,
      e.title,
      e.message,
      e.context,
      e.options,
      e.details,
      e.assigneeGroup,
      time(e.dueAt),
      time(t.now),
    ]),
    ...cols(breakers, BREAKER.length, ([server, state, at]) => [server, state, time(at)]),
  ];
}

/** Attempts whose requests are about to be handed to the transport (StepAttempt.sentAt), one statement for many. */
export const SENT_SQL = `UPDATE "StepAttempt" a SET "sentAt" = x.n FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[],
  $6::timestamp[]) AS x(r, sid, vis, att, pur, n)
  WHERE a."runId" = x.r AND a."stateId" = x.sid AND a."visit" = x.vis AND a."attempt" = x.att AND a."purpose" = x.pur`;
