/**
 * Gauges read from the database on each scrape: they describe the whole installation (every engine on the database),
 * not only this process: breaker status, open escalations, stuck runs, runs by status, queue depth, leases per worker.
 */
import type { Db } from "../db/client";
import { BREAKER_VALUE, type Metrics } from "./metrics";
import { STUCK_REASONS } from "@/lib/runs/stuck-reasons";

export async function refreshDbGauges(db: Db, m: Metrics, now = new Date()): Promise<void> {
  const [breakers, escalations, alerts, runs, leases] = await Promise.all([
    db.circuitBreaker.findMany({ select: { server: true, state: true } }),
    db.escalation.groupBy({ by: ["reason"], where: { status: { in: ["open", "claimed"] } }, _count: { _all: true } }),
    db.runAlert.groupBy({ by: ["reason"], where: { clearedAt: null }, _count: { _all: true } }),
    db.run.groupBy({ by: ["status"], _count: { _all: true } }),
    db.run.groupBy({
      by: ["leaseOwner"],
      where: { leaseOwner: { not: null }, leaseExpiresAt: { gt: now } },
      _count: { _all: true },
    }),
  ]);
  m.breakerState.reset();
  for (const b of breakers) {
    const status = (b.state as { status?: keyof typeof BREAKER_VALUE } | null)?.status ?? "closed";
    m.breakerState.set({ server: b.server }, BREAKER_VALUE[status]);
  }
  m.openEscalations.reset();
  for (const e of escalations) m.openEscalations.set({ reason: e.reason }, e._count._all);
  m.stuckRuns.reset();
  // Every reason has a series (0 when none), so alerting rules find it.
  for (const reason of STUCK_REASONS) m.stuckRuns.set({ reason }, 0);
  for (const a of alerts) m.stuckRuns.set({ reason: a.reason }, a._count._all);
  m.runs.reset();
  for (const r of runs) m.runs.set({ status: r.status }, r._count._all);
  m.queueDepth.set(runs.find((r) => r.status === "queued")?._count._all ?? 0);
  m.leases.reset();
  for (const l of leases) if (l.leaseOwner) m.leases.set({ worker: l.leaseOwner }, l._count._all);
}
