/**
 * The run store's cold queries on Prisma (SQLite or PostgreSQL): due timers, overdue escalations and their expiry,
 * and the result cache. They run once per poll, not per transition, so they stay on Prisma; the hot path (every
 * commit) is on the drivers (run-store-batched.ts over run-store-sqlite.ts / run-store-pg.ts).
 */
import { isBlobRef } from "../engine/runtime/large-results";
import type { Db } from "./client";
import type { RunState } from "../engine/core/types";
import type { AttemptRef } from "../engine/runtime/ports";
import { findCachedAttempt } from "./result-cache";

export class ColdQueries {
  /** `provider`: the database behind `db` (the result cache queries each its own way). */
  constructor(
    private readonly db: Db,
    private readonly provider: "sqlite" | "postgresql" = "sqlite",
  ) {}

  async dueTimers(now: number, limit: number): Promise<{ runId: string; timerId: string }[]> {
    const rows = await this.db.run.findMany({
      where: { wakeAt: { lte: new Date(now) } },
      select: { id: true, state: true },
      take: limit,
      orderBy: { wakeAt: "asc" },
    });
    return rows.flatMap((r) => {
      const p = (r.state as unknown as RunState).pending;
      if (p?.type === "event" && p.timerId !== null) return [{ runId: r.id, timerId: p.timerId }];
      if (p?.type === "shared" || p?.type === "model" || p?.type === "children") return [{ runId: r.id, timerId: p.timerId }];
      return p?.type === "timer" ? [{ runId: r.id, timerId: p.timerId }] : [];
    });
  }
  async overdueEscalations(now: number, limit: number): Promise<{ runId: string; escalationId: string }[]> {
    const rows = await this.db.escalation.findMany({
      // A server's question is due when its call's time limit passes; the call's own timeout handles that.
      where: { status: { in: ["open", "claimed"] }, dueAt: { lte: new Date(now) }, reason: { not: "mcp_request" } },
      select: { id: true, runId: true },
      take: limit,
    });
    return rows.map((r) => ({ runId: r.runId, escalationId: r.id }));
  }
  async markEscalationExpired(escalationId: string, now: number): Promise<void> {
    await this.db.escalation.updateMany({
      where: { id: escalationId, status: { in: ["open", "claimed"] } },
      data: { status: "expired", updatedAt: new Date(now) },
    });
  }
  /** The last successful result of the same call however many calls came since, with when it was made. */
  async cachedResult(
    server: string,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<{ result: unknown; savedAt: number } | null> {
    const hit = await findCachedAttempt(this.db, this.provider, server, tool, args);
    if (!hit) return null;
    const savedAt = (hit.finishedAt ?? new Date(0)).getTime();
    const value = (hit.output as { value: unknown } | null)?.value ?? null;
    if (!isBlobRef(value)) return { result: value, savedAt };
    // A large result stored apart (large-results.ts): the cache answers with the whole of it.
    const blob = await this.db.runBlob.findUnique({ where: { id: value.$blob }, select: { data: true } });
    return blob ? { result: JSON.parse(blob.data) as unknown, savedAt } : null;
  }

  /** When the attempt's request was handed to the transport: null never, undefined no such attempt. */
  async sentAt(a: AttemptRef): Promise<number | null | undefined> {
    const row = await this.db.stepAttempt.findFirst({
      where: { runId: a.runId, stateId: a.stateId, visit: a.visit, attempt: a.attempt, purpose: a.purpose },
      select: { sentAt: true },
    });
    return row ? (row.sentAt?.getTime() ?? null) : undefined;
  }
}
