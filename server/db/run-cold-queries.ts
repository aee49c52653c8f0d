/**
 * The run store's cold queries on Prisma (SQLite or PostgreSQL): due timers, overdue escalations and their expiry,
 * and the result cache. They run once per poll, not per transition, so they stay on Prisma; the hot path (every
 * commit) is on the drivers (run-store-batched.ts over run-store-sqlite.ts / run-store-pg.ts).
 */
import { isBlobRef } from "../engine/runtime/large-results";
import type { Db } from "./client";
import type { RunState } from "../engine/core/types";
import { canonicalJson } from "@/lib/workflow/canonical";

export class ColdQueries {
  constructor(private readonly db: Db) {}

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
      if (p?.type === "shared") return [{ runId: r.id, timerId: p.timerId }];
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
  async cachedResult(server: string, tool: string, args: Record<string, unknown>): Promise<{ result: unknown } | null> {
    const wanted = canonicalJson(args);
    const rows = await this.db.stepAttempt.findMany({
      where: { server, tool, status: "succeeded", fromCache: false },
      orderBy: { finishedAt: "desc" },
      take: 50,
      select: { input: true, output: true },
    });
    const hit = rows.find((r) => canonicalJson(r.input) === wanted);
    if (!hit) return null;
    const value = (hit.output as { value: unknown } | null)?.value ?? null;
    if (!isBlobRef(value)) return { result: value };
    // A large result stored apart (large-results.ts): the cache answers with the whole of it.
    const blob = await this.db.runBlob.findUnique({ where: { id: value.$blob }, select: { data: true } });
    return blob ? { result: JSON.parse(blob.data) as unknown } : null;
  }
}
