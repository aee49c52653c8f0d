/** What the runtime needs for named locks. Adapter: server/db/lock-store.ts (Prisma, both providers). */
import type { PendingLock } from "../core/types";

export interface LockGrant {
  runId: string;
  lockId: string;
  key: string;
}

export interface LockStore {
  /** Queues the run for the lock; `seq` is the run's seq once the asking transition has committed. */
  request(runId: string, lock: PendingLock, seq: number, now: number): Promise<void>;
  /** Removes the run's claims on these locks (held or queued); returns the lock names that changed. */
  release(runId: string, keys: string[] | "all"): Promise<string[]>;
  /**
   * In ONE transaction serialized per lock: drops expired leases and stale claims, then grants the lock to the
   * queued runs in order while they fit (exclusive: alone; shared: up to the limit). Returns the new holders.
   */
  grant(key: string, now: number): Promise<LockGrant[]>;
  /** Locks with runs queued (to grant on a poll: a release elsewhere, an expired lease). */
  keysWithQueue(limit: number): Promise<string[]>;
  /** Grants whose run was not told yet. */
  unnotified(limit: number): Promise<LockGrant[]>;
  markNotified(lockId: string): Promise<void>;
  /** Sets the lease of every lock the run holds: a time while a call is in flight, null while it is parked. */
  setLease(runId: string, until: number | null): Promise<void>;
  /** Extends the leases of the runs this engine works on (heartbeat). */
  renew(runIds: string[], until: number): Promise<void>;
  /**
   * Taking over a run (its worker died): extends the leases of its locks that have not expired yet, atomically against
   * grants (which drop expired ones), and returns the locks it still holds.
   */
  reclaim(runId: string, now: number, until: number): Promise<string[]>;
}
