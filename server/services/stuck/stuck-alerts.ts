/**
 * Reading stuck-run alerts (RunAlert rows): the dashboard's list and the runs-list filter ("stuck").
 */
import type { Db } from "../../db/client";
import { STUCK_REASON_LABELS, type StuckReason } from "@/lib/runs/stuck-reasons";

export interface AlertView {
  id: string;
  runId: string;
  workflowId: string;
  workflowName: string;
  reason: StuckReason;
  label: string;
  message: string;
  stateId: string | null;
  details: unknown;
  raisedAt: string;
  clearedAt: string | null;
}

/** Active alerts (cleared: false) or recently cleared ones (cleared: true), newest first. */
export async function listAlerts(db: Db, opts: { cleared?: boolean; limit?: number } = {}): Promise<AlertView[]> {
  const rows = await db.runAlert.findMany({
    where: { clearedAt: opts.cleared ? { not: null } : null },
    orderBy: opts.cleared ? { clearedAt: "desc" } : { raisedAt: "desc" },
    take: opts.limit ?? 100,
  });
  const names = new Map(
    (
      await db.workflow.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.workflowId))] } },
        select: { id: true, name: true },
      })
    ).map((w) => [w.id, w.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    runId: r.runId,
    workflowId: r.workflowId,
    workflowName: names.get(r.workflowId) ?? "(deleted workflow)",
    reason: r.reason as StuckReason,
    label: STUCK_REASON_LABELS[r.reason as StuckReason] ?? r.reason,
    message: r.message,
    stateId: r.stateId,
    details: r.details,
    raisedAt: r.raisedAt.toISOString(),
    clearedAt: r.clearedAt?.toISOString() ?? null,
  }));
}

/** Ids of runs with an active alert (optionally for one reason): the runs list's "stuck" filter. */
export async function listStuckRunIds(db: Db, opts: { reason?: StuckReason } = {}): Promise<string[]> {
  const rows = await db.runAlert.findMany({
    where: { clearedAt: null, ...(opts.reason ? { reason: opts.reason } : {}) },
    select: { runId: true },
    distinct: ["runId"],
  });
  return rows.map((r) => r.runId);
}
