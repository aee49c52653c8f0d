/**
 * Per-server limits on calls in flight, shared by every worker, on Prisma. The limits are AppSetting rows
 * `mcp.maxInFlight.<server>` (read at most once a second). A slot is taken in a transaction that first writes the
 * server's LockKey row (`mcp:<server>`: serializes takers across workers), drops expired slots and counts the live
 * ones; over the limit the caller polls again shortly (backing off up to 250 ms while the database is busy).
 */
import type { Db } from "./client";
import type { CallSlots } from "../engine/runtime/call-slots";

export const LIMIT_PREFIX = "mcp.maxInFlight.";
const REFRESH_MS = 1000;
const RETRY_MS = 20;
const MAX_RETRY_MS = 250;
const GIVE_UP_MS = 60_000;

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

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
    let busySince: number | null = null;
    let failures = 0;
    for (;;) {
      if (signal.aborted) throw new Error(`The call to "${server}" was cancelled while waiting for a free slot`);
      try {
        if (await this.tryTake(server, callId, limit, leaseMs)) {
          return () => this.release(callId);
        }
        busySince = null;
        failures = 0;
      } catch (err) {
        // The database is busy (another worker holds the write lock) or briefly unreachable: the call keeps its
        // place in the queue rather than failing, unless the database stays unusable for a minute.
        busySince ??= this.now();
        failures++;
        if (this.now() - busySince > GIVE_UP_MS)
          throw new Error(`Could not take a slot for a call to "${server}": ${(err as Error).message.slice(0, 200)}`, {
            cause: err,
          });
      }
      await pause(Math.min(RETRY_MS * 2 ** failures, MAX_RETRY_MS) * (0.5 + Math.random() / 2), signal);
    }
  }

  /** Frees the slot; a busy database is tried again a few times (else the slot is held until its lease ends). */
  private async release(callId: string): Promise<void> {
    for (let failures = 1; ; failures++) {
      try {
        await this.db.mcpCallSlot.deleteMany({ where: { id: callId } });
        return;
      } catch (err) {
        if (failures >= 8) throw err;
        await pause(Math.min(RETRY_MS * 2 ** failures, MAX_RETRY_MS), new AbortController().signal);
      }
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
