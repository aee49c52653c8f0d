/**
 * Per-server limits on calls in flight, shared by every worker, on Prisma. The limits are AppSetting rows
 * `mcp.maxInFlight.<server>` (read at most once a second). A slot is taken in a transaction that first writes the
 * server's LockKey row (`mcp:<server>`: serializes takers across workers), drops expired slots and counts the live
 * ones; over the limit, the caller polls again shortly.
 */
import type { Db } from "./client";
import type { CallSlots } from "../engine/runtime/call-slots";

export const LIMIT_PREFIX = "mcp.maxInFlight.";
const REFRESH_MS = 1000;
const RETRY_MS = 20;

export class PrismaCallSlots implements CallSlots {
  private limits = new Map<string, number>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  private async limitOf(server: string): Promise<number | null> {
    if (this.now() - this.loadedAt > REFRESH_MS) {
      this.loading ??= this.db.appSetting
        .findMany({ where: { key: { startsWith: LIMIT_PREFIX } } })
        .then((rows) => {
          this.limits = new Map(rows.map((r) => [r.key.slice(LIMIT_PREFIX.length), Number(r.value)]));
          this.loadedAt = this.now();
        })
        .finally(() => (this.loading = null));
      await this.loading;
    }
    const n = this.limits.get(server);
    return n !== undefined && Number.isInteger(n) && n > 0 ? n : null;
  }

  async acquire(server: string, callId: string, leaseMs: number, signal: AbortSignal): Promise<(() => Promise<void>) | null> {
    const limit = await this.limitOf(server);
    if (limit === null) return null;
    for (;;) {
      if (signal.aborted) throw new Error(`The call to "${server}" was cancelled while waiting for a free slot`);
      if (await this.tryTake(server, callId, limit, leaseMs)) {
        return async () => {
          await this.db.mcpCallSlot.deleteMany({ where: { id: callId } });
        };
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  private async tryTake(server: string, callId: string, limit: number, leaseMs: number): Promise<boolean> {
    const now = new Date(this.now());
    return this.db.$transaction(async (tx) => {
      const key = `mcp:${server}`;
      await tx.lockKey.upsert({ where: { key }, create: { key, version: 1 }, update: { version: { increment: 1 } } });
      await tx.mcpCallSlot.deleteMany({ where: { server, leaseUntil: { lt: now } } });
      const live = await tx.mcpCallSlot.count({ where: { server, id: { not: callId } } });
      if (live >= limit) return false;
      await tx.mcpCallSlot.upsert({
        where: { id: callId },
        create: { id: callId, server, leaseUntil: new Date(now.getTime() + leaseMs) },
        update: { leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      return true;
    });
  }

  /** How many calls are in flight now per limited server (for the UI). */
  async inFlight(): Promise<Record<string, number>> {
    const rows = await this.db.mcpCallSlot.groupBy({
      by: ["server"],
      where: { leaseUntil: { gte: new Date(this.now()) } },
      _count: true,
    });
    return Object.fromEntries(rows.map((r) => [r.server, r._count]));
  }
}
