/**
 * Webhook notifications, part 1: what to send. New escalations and escalations whose SLA passed become WebhookDelivery
 * rows (the outbox). The unique (escalationId, event) key makes each event of each escalation queued at most once, by
 * any number of processes; sending is webhook-sender.ts.
 */
import type { Db } from "../../db/client";
import { jsonValue } from "../../db/json";
import { newId } from "../../util/ids";

export const WEBHOOK_EVENTS = ["escalation.created", "escalation.overdue"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  event: WebhookEvent;
  id: string;
  workflow: { id: string; name: string; version: number };
  runId: string;
  reason: string;
  title: string;
  assigneeGroup: string | null;
  createdAt: string;
  dueAt: string | null;
  link: string;
}

const BATCH = 50;

const include = {
  run: { select: { id: true, version: { select: { version: true, workflow: { select: { id: true, name: true } } } } } },
} as const;

type Row = Awaited<ReturnType<typeof findNew>>[number];

function findNew(db: Db, since: Date) {
  return db.escalation.findMany({
    where: { createdAt: { gte: since }, deliveries: { none: { event: "escalation.created" } } },
    include,
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
}

/**
 * Overdue: the SLA passed before anyone decided. Still waiting, left expired (no timeout route), or taken down the
 * timeout route by the engine (resolved by "sla").
 */
function findOverdue(db: Db, since: Date, now: Date) {
  return db.escalation.findMany({
    where: {
      dueAt: { gte: since, lte: now },
      OR: [{ status: { in: ["open", "claimed", "expired"] } }, { resolvedBy: "sla" }],
      deliveries: { none: { event: "escalation.overdue" } },
    },
    include,
    orderBy: { dueAt: "asc" },
    take: BATCH,
  });
}

export function payloadOf(e: Row, event: WebhookEvent, baseUrl: string): WebhookPayload {
  return {
    event,
    id: e.id,
    workflow: { ...e.run.version.workflow, version: e.run.version.version },
    runId: e.run.id,
    reason: e.reason,
    title: e.title,
    assigneeGroup: e.assigneeGroup,
    createdAt: e.createdAt.toISOString(),
    dueAt: e.dueAt?.toISOString() ?? null,
    link: `${baseUrl.replace(/\/+$/, "")}/inbox?item=${encodeURIComponent(e.id)}`,
  };
}

/** A unique-key violation: another process queued the same event first. */
function isDuplicate(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

async function queue(db: Db, rows: Row[], event: WebhookEvent, baseUrl: string, now: Date): Promise<number> {
  let queued = 0;
  for (const e of rows) {
    try {
      await db.webhookDelivery.create({
        data: {
          id: newId("whd"),
          escalationId: e.id,
          event,
          payload: jsonValue(payloadOf(e, event, baseUrl)),
          status: "pending",
          nextAttemptAt: now,
        },
      });
      queued++;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
  }
  return queued;
}

/**
 * Queues the notifications due: escalations opened, or overdue, since `since` (when notifications were turned on, so
 * turning them on does not replay the past). Returns how many were queued.
 */
export async function queueNotifications(db: Db, opts: { since: Date; now: Date; baseUrl: string }): Promise<number> {
  const created = await queue(db, await findNew(db, opts.since), "escalation.created", opts.baseUrl, opts.now);
  const overdue = await queue(db, await findOverdue(db, opts.since, opts.now), "escalation.overdue", opts.baseUrl, opts.now);
  return created + overdue;
}
