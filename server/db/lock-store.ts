/**
 * Named locks on Prisma (SQLite and PostgreSQL alike). A grant runs in one
 * transaction that first writes the lock's LockKey row: on PostgreSQL that row
 * lock serializes the grants of one lock across workers; on SQLite the write
 * takes the database's write lock.
 */
import type { Db } from "./client";
import type { PendingLock, RunState } from "../engine/core/types";
import type { LockGrant, LockStore } from "../engine/runtime/lock-ports";

const TX = { maxWait: 15_000, timeout: 30_000 };

interface Claim {
  id: string;
  key: string;
  runId: string;
  mode: string;
  maxHolders: number;
  status: string;
  seq: number;
  leaseUntil: Date | null;
  requestedAt: Date;
}

function fits(claim: Claim, holders: Claim[]): boolean {
  if (holders.length === 0) return true;
  if (claim.mode === "exclusive" || holders.some((h) => h.mode === "exclusive")) return false;
  return holders.length < claim.maxHolders;
}

/** How long a lock claim may wait for its run's first commit before it is taken for the claim of a crashed creator. */
const UNCOMMITTED_CLAIM_MS = 60_000;

export class PrismaLockStore implements LockStore {
  constructor(private readonly db: Db) {}

  async request(runId: string, lock: PendingLock, seq: number, now: number): Promise<void> {
    await this.db.$transaction([
      this.db.lockClaim.deleteMany({ where: { key: lock.key, runId, status: "waiting" } }),
      this.db.lockClaim.create({
        data: {
          id: lock.lockId,
          key: lock.key,
          runId,
          mode: lock.mode,
          maxHolders: lock.limit,
          status: "waiting",
          seq,
          requestedAt: new Date(now),
        },
      }),
    ]);
  }

  async release(runId: string, keys: string[] | "all"): Promise<string[]> {
    const where = keys === "all" ? { runId } : { runId, key: { in: keys } };
    const rows = await this.db.lockClaim.findMany({ where, select: { key: true } });
    if (rows.length === 0) return [];
    await this.db.lockClaim.deleteMany({ where });
    return [...new Set(rows.map((r) => r.key))];
  }

  /** Two first grants of a new lock may both insert its LockKey row (unique violation), or conflict: try again. */
  async grant(key: string, now: number): Promise<LockGrant[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.grantOnce(key, now);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (attempt >= 3 || (code !== "P2002" && code !== "P2034")) throw err;
      }
    }
  }

  private async grantOnce(key: string, now: number): Promise<LockGrant[]> {
    return this.db.$transaction(async (tx) => {
      await tx.lockKey.upsert({ where: { key }, create: { key, version: 1 }, update: { version: { increment: 1 } } });
      const claims: Claim[] = await tx.lockClaim.findMany({ where: { key }, orderBy: [{ requestedAt: "asc" }, { id: "asc" }] });
      const expired = claims.filter((c) => c.status === "held" && c.leaseUntil !== null && c.leaseUntil.getTime() < now);
      if (expired.length > 0) await tx.lockClaim.deleteMany({ where: { id: { in: expired.map((c) => c.id) } } });
      const holders = claims.filter((c) => c.status === "held" && !expired.includes(c));
      const queued = claims.filter((c) => c.status === "waiting");
      if (queued.length === 0) return [];
      const runs = await tx.run.findMany({
        where: { id: { in: queued.map((c) => c.runId) } },
        select: { id: true, seq: true, state: true },
      });
      const byId = new Map(runs.map((r) => [r.id, r]));
      const granted: LockGrant[] = [];
      const stale: string[] = [];
      for (const c of queued) {
        const run = byId.get(c.runId);
        const pending = (run?.state as unknown as RunState | undefined)?.pending;
        if (!(pending?.type === "lock" && pending.lockId === c.id)) {
          // No run row yet: a run created and started in one commit writes its claim just before that commit. Only a
          // claim whose run never appeared within UNCOMMITTED_CLAIM_MS is stale (its creator crashed).
          const uncommitted = !run && now - c.requestedAt.getTime() < UNCOMMITTED_CLAIM_MS;
          if (!uncommitted && (!run || run.seq >= c.seq)) {
            stale.push(c.id);
            continue;
          }
          break; // its run has not committed the request yet: keep the order
        }
        if (!fits(c, holders)) break; // first come, first served: nobody overtakes
        holders.push(c);
        granted.push({ runId: c.runId, lockId: c.id, key });
      }
      if (stale.length > 0) await tx.lockClaim.deleteMany({ where: { id: { in: stale } } });
      if (granted.length > 0)
        await tx.lockClaim.updateMany({
          where: { id: { in: granted.map((g) => g.lockId) } },
          data: { status: "held", grantedAt: new Date(now), leaseUntil: null, notified: false },
        });
      return granted;
    }, TX);
  }

  async keysWithQueue(limit: number): Promise<string[]> {
    const rows = await this.db.lockClaim.findMany({
      where: { status: "waiting" },
      select: { key: true },
      distinct: ["key"],
      take: limit,
    });
    return rows.map((r) => r.key);
  }

  async unnotified(limit: number): Promise<LockGrant[]> {
    const rows = await this.db.lockClaim.findMany({
      where: { status: "held", notified: false },
      select: { id: true, runId: true, key: true },
      take: limit,
    });
    return rows.map((r) => ({ runId: r.runId, lockId: r.id, key: r.key }));
  }

  async markNotified(lockId: string): Promise<void> {
    await this.db.lockClaim.updateMany({ where: { id: lockId }, data: { notified: true } });
  }

  async setLease(runId: string, until: number | null): Promise<void> {
    await this.db.lockClaim.updateMany({
      where: { runId, status: "held" },
      data: { leaseUntil: until === null ? null : new Date(until) },
    });
  }

  async renew(runIds: string[], until: number): Promise<void> {
    await this.db.lockClaim.updateMany({
      where: { runId: { in: runIds }, status: "held", leaseUntil: { not: null } },
      data: { leaseUntil: new Date(until) },
    });
  }

  async reclaim(runId: string, _now: number, until: number): Promise<string[]> {
    // A claim still here was never dropped by a grant (grants delete expired claims before granting, in the same
    // transaction), so nobody else got the lock meanwhile: keep it, with a fresh lease.
    await this.db.lockClaim.updateMany({ where: { runId, status: "held" }, data: { leaseUntil: new Date(until) } });
    const rows = await this.db.lockClaim.findMany({ where: { runId, status: "held" }, select: { key: true } });
    return rows.map((r) => r.key);
  }
}
