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

/** New runs: queued (seq 0), or created by their first transition (seq 1, with that transition's values). */
const CREATE: [string, string][] = [
  ["id", "text"],
  ["wf", "text"],
  ["v", "text"],
  ["st", "text"],
  ["s", "text"],
  ["i", "text"],
  ["n", "timestamp"],
  ["sq", "int"],
  ["cur", "text"],
  ["wake", "timestamp"],
  ["out", "text"],
  ["fail", "text"],
  ["fin", "timestamp"],
  ["lo", "text"],
  ["le", "timestamp"],
  ["seed", "text"],
  ["par", "text"],
  ["fro", "text"],
  ["fid", "text"],
  ["ftr", "text"],
  ["fkey", "text"],
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
  ["fresh", "bool"],
  ["aud", "text"],
  ["aud_actor", "text"],
  ["aud_action", "text"],
  ["aud_target", "text"],
  ["aud_detail", "text"],
  ["aud_addr", "text"],
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
fired AS (
  INSERT INTO "TriggerFiring" ("id", "triggerId", "dedupKey", "runId", "createdAt")
  SELECT fid, ftr, fkey, id, n FROM c WHERE fid IS NOT NULL
  ON CONFLICT ("triggerId", "dedupKey") DO NOTHING RETURNING "runId"
),
created AS (
  INSERT INTO "Run" ("id", "workflowId", "versionId", "status", "state", "input", "createdAt", "updatedAt", "seq", "currentState",
    "wakeAt", "output", "failure", "finishedAt", "leaseOwner", "leaseExpiresAt", "seed", "parentRunId", "fromStateId")
  SELECT id, wf, v, st, s::jsonb, i::jsonb, n, n, sq, cur, wake, out::jsonb, fail::jsonb, fin, lo, le, seed::jsonb, par, fro FROM c
  WHERE fid IS NULL OR id IN (SELECT "runId" FROM fired)
  RETURNING "id", "seq"
),
b AS (SELECT * FROM ${at(1, MOVE)}),
updated AS (
  UPDATE "Run" r SET "seq" = b.exp + 1, "status" = b.st, "currentState" = b.cur, "state" = b.s::jsonb, "wakeAt" = b.wake,
    "output" = COALESCE(b.out::jsonb, r."output"), "failure" = b.fail::jsonb, "finishedAt" = b.fin, "leaseOwner" = b.lo,
    "leaseExpiresAt" = b.le, "updatedAt" = b.n
  FROM b
  WHERE r."id" = b.id AND r."seq" = b.exp AND NOT b.fresh
    AND (b.esc IS NULL OR EXISTS (SELECT 1 FROM "Escalation" e WHERE e."id" = b.esc AND e."status" IN ('open', 'claimed')))
  RETURNING r."id"
),
moved AS (SELECT "id" FROM updated UNION ALL SELECT "id" FROM created WHERE "seq" > 0),
audited AS (
  INSERT INTO "AuditEvent" ("id", "at", "actor", "action", "target", "detail", "address")
  SELECT b.aud, b.n, b.aud_actor, b.aud_action, b.aud_target, b.aud_detail, b.aud_addr FROM b JOIN moved m ON m."id" = b.id
  WHERE b.aud IS NOT NULL
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
SELECT COALESCE((SELECT array_agg("id") FROM created WHERE "seq" = 0), '{}') AS queued,
  COALESCE((SELECT array_agg("id") FROM moved), '{}') AS moved`;

/** Column arrays from rows: cols(rows, r => [a, b]) -> [[a...], [b...]], `width` arrays even when there are no rows. */
function cols<T>(rows: T[], width: number, pick: (row: T) => unknown[]): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) pick(row).forEach((v, i) => out[i]?.push(v));
  return out;
}

/** The values of one batch, in BATCH_SQL's parameter order. */
export function batchValues(rows: Row[], breakers: BreakerRow[]): unknown[][] {
  const moves = rows.filter((r): r is TransitionRow => r.kind === "transition");
  const creates = [
    ...rows.filter((r): r is CreateRow => r.kind === "create").map((c) => ({ c, t: null })),
    ...moves.flatMap((t) => (t.create ? [{ c: t.create, t }] : [])),
  ];
  const finishes = moves.flatMap((t) => (t.completed ? [{ t, c: t.completed }] : []));
  const starts = moves.flatMap((t) => t.started.map((a) => ({ t, a })));
  const escalations = moves.flatMap((t) => t.escalations.map((e) => ({ t, e })));
  return [
    ...cols(creates, CREATE.length, ({ c, t }) => [
      c.id,
      c.workflowId,
      c.versionId,
      t?.status ?? c.status,
      t?.state ?? c.state,
      c.input,
      time(c.now),
      t ? 1 : 0,
      t?.currentState ?? null,
      time(t?.wakeAt ?? null),
      t?.output ?? null,
      t?.failure ?? null,
      time(t?.finishedAt ?? null),
      t?.leaseOwner ?? null,
      time(t?.leaseExpiresAt ?? null),
      c.seed,
      c.parentRunId,
      c.fromStateId,
      c.firing?.id ?? null,
      c.firing?.triggerId ?? null,
      c.firing?.dedupKey ?? null,
    ]),
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
      t.create !== null,
      t.audit?.id ?? null,
      t.audit?.actor ?? null,
      t.audit?.action ?? null,
      t.audit?.target ?? null,
      t.audit?.detail ?? null,
      t.audit?.address ?? null,
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
