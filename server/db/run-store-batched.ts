/**
 * The run store's hot path on a database driver (better-sqlite3 or pg, see
 * run-store-sqlite.ts and run-store-pg.ts), shared by both:
 *   - group commit: every commit() asked for while a batch is being written
 *     joins the next batch, written in ONE database transaction; each caller's
 *     promise resolves only after that COMMIT (so a transition is durable
 *     before the engine carries out its commands), with false when its own
 *     write was refused (stale seq, escalation already resolved);
 *   - the run's state in memory while this engine holds the run's lease (a call
 *     in flight): loadRun answers from memory until the lease is about to
 *     expire; anything else (waiting, timers, finished runs, a lost lease, a
 *     stale write) reads the database, so a waiting run costs a row, not memory;
 *   - circuit breakers in memory, shared through their rows (breaker-cache.ts).
 * The cold paths (due timers, SLAs, result cache) stay on Prisma (run-cold-queries.ts).
 */
import type { AttemptRef, Claim, NewRun, RunStore, StoredRun, TransitionWrite } from "../engine/runtime/ports";
import type { RunState } from "../engine/core/types";
import type { BreakerState } from "../engine/core/breaker";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { ColdQueries } from "./run-cold-queries";
import { createRow, transitionRow, type BreakerRow, type Row, type SentMark } from "./run-rows";
import { BreakerCache, type StoredBreaker } from "./breaker-cache";

/** Per row of a batch: written (true), refused (false: stale seq or escalation no longer open), or failed alone. */
export type RowResult = boolean | Error;

/** What a database driver provides to the batched store. */
export interface StoreDriver {
  /** How many batches may be written at once (on separate connections). */
  readonly parallel: number;
  /** Writes the rows and breakers in ONE transaction; one result per row. Rejects only when nothing was written. */
  write(rows: Row[], breakers: BreakerRow[]): Promise<RowResult[]>;
  loadRun(runId: string): Promise<{ versionId: string; seq: number; state: RunState } | null>;
  loadDefinition(versionId: string): Promise<WorkflowDefinition | null>;
  loadBreakers(): Promise<StoredBreaker[]>;
  /** Records attempts as handed to the transport (durably, before it resolves), in one transaction. */
  markSent(marks: SentMark[]): Promise<void>;
  /** Extends the leases still held by `owner`; returns the runs whose lease was extended. */
  renewLeases(owner: string, runIds: string[], until: number): Promise<string[]>;
  queuedRuns(limit: number, claim?: Claim): Promise<{ runId: string; input: unknown }[]>;
  runsWithPendingCalls(now?: number, claim?: Claim): Promise<string[]>;
  /** Calls `listener` when another engine announces work (PostgreSQL LISTEN/NOTIFY); returns unsubscribe. */
  onWake?(listener: () => void): () => void;
  /** Closes the driver's connections; it reopens them when used again. */
  close(): Promise<void>;
}

interface Pending {
  row: Row;
  resolve: (ok: boolean) => void;
  reject: (err: unknown) => void;
}

/** A run remembered by this engine; `validUntil` 0 = only its version is known, read the database. */
interface Remembered {
  run: StoredRun;
  validUntil: number;
}

export interface BatchedStoreOptions {
  now?: () => number;
  /** How often breaker rows are read back to see other engines' changes (ms). */
  breakerSyncMs?: number;
}

export class BatchedRunStore implements RunStore {
  private readonly memory = new Map<string, Remembered>();
  private readonly definitions = new Map<string, WorkflowDefinition>();
  private readonly breakers: BreakerCache;
  private readonly now: () => number;
  private queue: Pending[] = [];
  private sent: { mark: SentMark; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private inflight = 0;
  private breakersInFlight = false;
  private scheduled = false;
  private idle: (() => void)[] = [];
  /** Transactions written, rows in them and ms spent, for the benchmark's report. */
  readonly stats = { batches: 0, rows: 0, writeMs: 0 };

  constructor(
    private readonly driver: StoreDriver,
    private readonly cold: ColdQueries,
    options: BatchedStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.breakers = new BreakerCache({
      now: this.now,
      syncMs: options.breakerSyncMs ?? 1000,
      load: () => this.driver.loadBreakers(),
      onDirty: () => this.schedule(),
    });
  }

  private enqueue(row: Row): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Starts a batch at the end of this turn of the event loop, when a writer is free; what arrives meanwhile waits for the next. */
  private schedule(): void {
    if (this.scheduled || this.inflight >= this.driver.parallel) return;
    if (this.queue.length === 0 && !(this.breakers.pending && !this.breakersInFlight)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inflight >= this.driver.parallel) return;
    // One batch at a time carries breakers, so that their rows are written in the order of their changes.
    const breakers = this.breakersInFlight ? [] : this.breakers.take();
    if (this.queue.length === 0 && breakers.length === 0) return this.settle();
    const batch = this.queue;
    this.queue = [];
    this.inflight++;
    if (breakers.length > 0) this.breakersInFlight = true;
    this.schedule(); // another writer may start on what arrives while this one writes
    const started = performance.now();
    try {
      const results = await this.driver.write(
        batch.map((p) => p.row),
        breakers,
      );
      this.stats.batches++;
      this.stats.rows += batch.length;
      this.stats.writeMs += performance.now() - started;
      batch.forEach((p, i) => {
        const r = results[i] ?? new Error("the batch writer returned no result for this row");
        if (r instanceof Error) p.reject(r);
        else p.resolve(r);
      });
    } catch (err) {
      this.breakers.giveBack(breakers.map(([server]) => server));
      for (const p of batch) p.reject(err);
    } finally {
      this.inflight--;
      if (breakers.length > 0) this.breakersInFlight = false;
      this.schedule();
      this.settle();
    }
  }

  private settle(): void {
    if (this.inflight > 0 || this.queue.length > 0 || this.scheduled) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  async loadDefinition(versionId: string): Promise<WorkflowDefinition> {
    const known = this.definitions.get(versionId);
    if (known) return known;
    const definition = await this.driver.loadDefinition(versionId);
    if (!definition) throw new Error(`Workflow version ${versionId} does not exist`);
    this.definitions.set(versionId, definition);
    return definition;
  }

  createRun(run: NewRun): Promise<boolean> {
    return this.enqueue(createRow(run));
  }

  /** From memory while this engine holds the run's lease; otherwise from the database. */
  async loadRun(runId: string): Promise<StoredRun | null> {
    const known = this.memory.get(runId);
    if (known && known.validUntil > this.now()) return known.run;
    const row = await this.driver.loadRun(runId);
    if (!row) {
      this.memory.delete(runId);
      return null;
    }
    const run: StoredRun = { id: runId, ...row, definition: await this.loadDefinition(row.versionId) };
    this.memory.set(runId, { run, validUntil: 0 }); // until the commit that follows (or forget())
    return run;
  }

  async commit(w: TransitionWrite): Promise<boolean> {
    let ok = false;
    try {
      ok = await this.enqueue(transitionRow(w));
    } finally {
      const known = this.memory.get(w.runId) ?? this.created(w);
      const lease = w.state.pending?.type === "call" ? w.lease : undefined;
      if (ok && known && lease) {
        // Valid until shortly before the lease runs out (a quarter of it kept as a margin for clocks and stalls).
        const validUntil = lease.until - (lease.until - w.now) / 4;
        const run = { ...known.run, seq: w.expectedSeq + 1, state: w.state, fromMemory: true };
        this.memory.set(w.runId, { run, validUntil });
      } else this.memory.delete(w.runId);
    }
    return ok;
  }

  /** A run this transition creates, as remembered before it (its definition was loaded to compute the transition). */
  private created(w: TransitionWrite): Remembered | undefined {
    const definition = w.create && this.definitions.get(w.create.versionId);
    if (!w.create || !definition) return undefined;
    const run: StoredRun = { id: w.runId, versionId: w.create.versionId, seq: 0, state: w.state, definition };
    return { run, validUntil: 0 };
  }

  onWake(listener: () => void): () => void {
    return this.driver.onWake?.(listener) ?? (() => undefined);
  }

  forget(runId: string): void {
    this.memory.delete(runId);
  }

  async renewLeases(owner: string, runIds: string[], until: number): Promise<void> {
    if (runIds.length === 0) return;
    const renewed = new Set(await this.driver.renewLeases(owner, runIds, until));
    const now = this.now();
    for (const id of runIds) {
      const known = this.memory.get(id);
      if (!known || known.validUntil === 0) continue;
      if (renewed.has(id)) known.validUntil = until - (until - now) / 4;
      else this.memory.delete(id); // Another engine holds it now.
    }
  }

  loadBreaker(server: string): Promise<BreakerState | null> {
    return this.breakers.get(server);
  }

  saveBreaker(server: string, state: BreakerState): Promise<void> {
    this.breakers.set(server, state);
    return Promise.resolve();
  }

  queuedRuns(limit: number, claim?: Claim) {
    return this.driver.queuedRuns(limit, claim);
  }

  runsWithPendingCalls(now?: number, claim?: Claim) {
    return this.driver.runsWithPendingCalls(now, claim);
  }

  /** Calls about to be sent in this turn of the event loop are recorded together (one transaction). */
  markSent(a: AttemptRef, now: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sent.push({ mark: { ...a, at: now }, resolve, reject });
      if (this.sent.length > 1) return;
      setImmediate(() => {
        const marks = this.sent.splice(0);
        this.driver.markSent(marks.map((m) => m.mark)).then(
          () => marks.forEach((m) => m.resolve()),
          (err: unknown) => marks.forEach((m) => m.reject(err)),
        );
      });
    });
  }

  sentAt(a: AttemptRef) {
    return this.cold.sentAt(a);
  }

  // The cold paths, on Prisma.
  dueTimers(now: number, limit: number) {
    return this.cold.dueTimers(now, limit);
  }
  overdueEscalations(now: number, limit: number) {
    return this.cold.overdueEscalations(now, limit);
  }
  markEscalationExpired(id: string, now: number) {
    return this.cold.markEscalationExpired(id, now);
  }
  cachedResult(server: string, tool: string, args: Record<string, unknown>) {
    return this.cold.cachedResult(server, tool, args);
  }

  /** Writes what is queued (breakers included), then closes the driver's connections. */
  async close(): Promise<void> {
    this.schedule();
    if (this.inflight > 0 || this.queue.length > 0 || this.scheduled)
      await new Promise<void>((resolve) => this.idle.push(resolve));
    this.memory.clear();
    await this.driver.close();
  }
}
