/**
 * Stuck-run alerts to the webhook: each alert raised since notifications were turned on becomes one WebhookDelivery
 * row (event "run.stuck", unique per alert), sent by the same sender as the escalation notifications.
 */
import type { Db } from "../../db/client";
import { jsonValue } from "../../db/json";
import { newId } from "../../util/ids";
import { STUCK_REASON_LABELS, type StuckReason } from "@/lib/runs/stuck-reasons";

export interface StuckPayload {
  event: "run.stuck";
  id: string;
  workflow: { id: string; name: string; version: number };
  runId: string;
  reason: StuckReason;
  label: string;
  message: string;
  stateId: string | null;
  raisedAt: string;
  link: string;
}

export async function queueStuckNotifications(db: Db, opts: { since: Date; now: Date; baseUrl: string }): Promise<number> {
  const alerts = await db.runAlert.findMany({
    where: { raisedAt: { gte: opts.since }, deliveries: { none: { event: "run.stuck" } } },
    include: { run: { select: { version: { select: { version: true, workflow: { select: { id: true, name: true } } } } } } },
    orderBy: { raisedAt: "asc" },
    take: 50,
  });
  let queued = 0;
  for (const a of alerts) {
    const payload: StuckPayload = {
      event: "run.stuck",
      id: a.id,
      workflow: { ...a.run.version.workflow, version: a.run.version.version },
      runId: a.runId,
      reason: a.reason as StuckReason,
      label: STUCK_REASON_LABELS[a.reason as StuckReason] ?? a.reason,
      message: a.message,
      stateId: a.stateId,
      raisedAt: a.raisedAt.toISOString(),
      link: `${opts.baseUrl.replace(/\/+$/, "")}/runs/${encodeURIComponent(a.runId)}`,
    };
    try {
      await db.webhookDelivery.create({
        data: {
          id: newId("whd"),
          alertId: a.id,
          event: "run.stuck",
          payload: jsonValue(payload),
          status: "pending",
          nextAttemptAt: opts.now,
        },
      });
      queued++;
    } catch (err) {
      if ((err as { code?: unknown }).code !== "P2002") throw err; // else: another process queued it first
    }
  }
  return queued;
}
