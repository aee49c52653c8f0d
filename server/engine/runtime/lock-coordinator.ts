/**
 * Carries out the lock commands of committed transitions. A run's claim is
 * written before the transition that asks for it commits; grants are decided
 * in a transaction per lock (server/db/lock-store.ts); the new holders are told
 * with `lock_granted` (again on a later poll if an engine died in between).
 * Every lock of a run that ends (succeeded, failed, cancelled, rolled back)
 * is released; a run that leaves a lock queue (cancelled while waiting) leaves
 * its claim.
 */
import { FINAL_STATUSES, type Command, type RunEvent, type RunState, type StepResult } from "../core/types";
import type { LockStore } from "./lock-ports";

const EVERY_MS = 200;

export interface LockCoordinatorDeps {
  store: LockStore;
  deliver: (runId: string, event: RunEvent) => Promise<StepResult | null>;
  now: () => number;
  leaseMs: () => number;
  log: (err: unknown) => void;
}

export class LockCoordinator {
  private last = 0;

  constructor(private readonly deps: LockCoordinatorDeps) {}

  /** Before a transition commits: queues its lock request. */
  async beforeCommit(runId: string, commands: Command[], nextSeq: number, now: number): Promise<void> {
    for (const c of commands) if (c.type === "acquire_lock") await this.deps.store.request(runId, c.lock, nextSeq, now);
  }

  /** After it committed: releases what the run gave back or left, grants, and keeps the leases right. */
  afterCommit(runId: string, before: RunState, result: StepResult): void {
    void this.settle(runId, before, result).catch(this.deps.log);
  }

  private async settle(runId: string, before: RunState, result: StepResult): Promise<void> {
    const after = result.state;
    const final = FINAL_STATUSES.includes(after.status);
    const keep = final ? [] : (after.locks ?? []);
    const released = (before.locks ?? []).filter((k) => !keep.includes(k));
    const queuedFor = before.pending?.type === "lock" ? before.pending : null;
    // Left the queue without getting the lock (cancelled while waiting, a failure): its claim goes.
    const gaveUp =
      queuedFor !== null &&
      !(after.pending?.type === "lock" && after.pending.lockId === queuedFor.lockId) &&
      !keep.includes(queuedFor.key);
    const drop = gaveUp ? [...released, queuedFor.key] : released;
    const changed = drop.length > 0 ? await this.deps.store.release(runId, final ? "all" : drop) : [];
    const asked = result.commands.flatMap((c) => (c.type === "acquire_lock" ? [c.lock.key] : []));
    if (!final && keep.length > 0) {
      const until = after.pending?.type === "call" ? this.deps.now() + this.deps.leaseMs() : null;
      await this.deps.store.setLease(runId, until);
    }
    await Promise.all([...new Set([...changed, ...asked])].map((key) => this.grant(key)));
  }

  /** Grants the lock to whoever is next and tells them. */
  async grant(key: string): Promise<void> {
    for (const g of await this.deps.store.grant(key, this.deps.now())) await this.tell(g);
  }

  private async tell(g: { runId: string; lockId: string; key: string }): Promise<void> {
    const r = await this.deps.deliver(g.runId, { type: "lock_granted", lockId: g.lockId });
    if (r && !r.ignored) return this.deps.store.markNotified(g.lockId);
    if (r?.ignored && r.state.pending?.type === "lock" && r.state.pending.lockId === g.lockId) return; // try again later
    if (r?.state.locks?.includes(g.key) && !FINAL_STATUSES.includes(r.state.status))
      return this.deps.store.markNotified(g.lockId);
    // The run does not wait for it any more (cancelled, ended): give the lock to the next one.
    await this.deps.store.release(g.runId, [g.key]);
    await this.grant(g.key);
  }

  /** Safety net on every poll: grants nobody was told about, queues a release elsewhere or an expired lease unblocked. */
  async poll(): Promise<void> {
    const now = this.deps.now();
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    for (const g of await this.deps.store.unnotified(50)) await this.tell(g).catch(this.deps.log);
    for (const key of await this.deps.store.keysWithQueue(50)) await this.grant(key).catch(this.deps.log);
  }

  async renew(runIds: string[]): Promise<void> {
    if (runIds.length > 0) await this.deps.store.renew(runIds, this.deps.now() + this.deps.leaseMs());
  }

  /** After a crash: whether the run still holds every lock it believes it holds. */
  async lost(run: RunState): Promise<string[]> {
    const mine = run.locks ?? [];
    if (mine.length === 0) return [];
    const now = this.deps.now();
    const held = await this.deps.store.reclaim(run.runId, now, now + this.deps.leaseMs());
    return mine.filter((k) => !held.includes(k));
  }
}
