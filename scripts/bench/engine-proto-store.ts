/**
 * A PROTOTYPE run store for bench:engine, to measure what the proposed hot
 * path would give the real Engine (it is not used by the app):
 *   - the hot path on the driver with prepared statements, not through Prisma
 *     (engine-proto-writers.ts: better-sqlite3, pg);
 *   - group commit: every commit() asked for while a batch is being written
 *     joins the next batch, ONE transaction for all of them; each caller still
 *     learns whether its own write went in (stale seq, escalation already
 *     resolved);
 *   - the run's state kept in memory while this engine drives it (loadRun
 *     answers from memory; a stale write evicts it; waiting and finished runs
 *     are evicted, so a waiting run still costs a row, not memory);
 *   - circuit breakers in memory, written behind with a batch when their status
 *     changes (at most once a second otherwise).
 * The cold paths (polling, recovery, leases, cache lookups) stay on PrismaRunStore.
 */
import type { RunStore, StoredRun, TransitionWrite } from "@/server/engine/runtime/ports";
import type { RunState } from "@/server/engine/core/types";
import { FINAL_STATUSES } from "@/server/engine/core/types";
import type { BreakerState } from "@/server/engine/core/breaker";
import { PrismaRunStore } from "@/server/db/run-store";
import type { Db } from "@/server/db/client";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { newId } from "@/server/util/ids";

/** A new run, serialized. Times are ms since the epoch; writers format them for their database. */
export interface CreateRow {
  kind: "create";
  id: string;
  workflowId: string;
  versionId: string;
  status: string;
  state: string;
  input: string;
  now: number;
}

/** One transition's rows, serialized: the same writes PrismaRunStore.commit makes. */
export interface TransitionRow {
  kind: "transition";
  runId: string;
  expectedSeq: number;
  status: string;
  currentState: string | null;
  state: string;
  wakeAt: number | null;
  /** Set only when the run succeeded; null leaves the column as it is. */
  output: string | null;
  failure: string | null;
  finishedAt: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  now: number;
  event: string;
  commands: string;
  completed: {
    stateId: string;
    visit: number;
    attempt: number;
    purpose: string;
    status: string;
    output: string | null;
    error: string | null;
    latencyMs: number | null;
    fromCache: boolean | null;
  } | null;
  started: {
    id: string;
    stateId: string;
    visit: number;
    attempt: number;
    purpose: string;
    server: string;
    tool: string;
    input: string;
    idempotencyKey: string;
  }[];
  escalations: {
    id: string;
    stateId: string;
    reason: string;
    title: string;
    message: string;
    context: string;
    options: string;
    details: string | null;
    assigneeGroup: string | null;
    dueAt: number | null;
  }[];
  resolves: { id: string; status: string; by: string; resolution: string } | null;
}

export type Row = CreateRow | TransitionRow;

export interface BatchWriter {
  /** How many batches may be written at once (on separate connections). */
  parallel: number;
  /** Writes the rows and the breakers in ONE transaction; per row, whether it went in. */
  write(rows: Row[], breakers: [server: string, state: string][]): Promise<boolean[]>;
  close(): Promise<void>;
}

export function transitionRow(w: TransitionWrite): TransitionRow {
  const s = w.state;
  const final = FINAL_STATUSES.includes(s.status);
  const timer = s.pending?.type === "timer" ? s.pending : null;
  const lease = s.pending?.type === "call" && w.lease ? w.lease : null;
  const c = w.completedAttempt;
  const o = c?.outcome;
  return {
    kind: "transition",
    runId: w.runId,
    expectedSeq: w.expectedSeq,
    status: s.status,
    currentState: s.current,
    state: JSON.stringify(s),
    wakeAt: timer ? timer.wakeAt : null,
    output: final && s.status === "succeeded" ? JSON.stringify({ value: s.output }) : null,
    failure: s.failure ? JSON.stringify(s.failure) : null,
    finishedAt: final ? w.now : null,
    leaseOwner: lease ? lease.owner : null,
    leaseExpiresAt: lease ? lease.until : null,
    now: w.now,
    event: JSON.stringify(w.event),
    commands: JSON.stringify(w.commands),
    completed:
      c && o
        ? {
            stateId: c.call.stateId,
            visit: c.call.visit,
            attempt: c.call.attempt,
            purpose: c.call.purpose,
            status: o.status,
            output: o.status === "succeeded" ? JSON.stringify({ value: o.output }) : null,
            error: o.status === "failed" ? JSON.stringify(o.error) : null,
            latencyMs: o.status === "unknown" ? null : o.latencyMs,
            fromCache: o.status === "succeeded" ? o.fromCache : null,
          }
        : null,
    started: w.startedAttempts.map((call) => ({
      id: newId("att"),
      stateId: call.stateId,
      visit: call.visit,
      attempt: call.attempt,
      purpose: call.purpose,
      server: call.server,
      tool: call.tool,
      input: JSON.stringify(call.args),
      idempotencyKey: call.idempotencyKey,
    })),
    escalations: w.escalations.map((e) => ({
      id: e.escalationId,
      stateId: e.stateId,
      reason: e.reason,
      title: e.title,
      message: e.message,
      context: JSON.stringify(e.context),
      options: JSON.stringify(e.options),
      details: e.details === null || e.details === undefined ? null : JSON.stringify(e.details),
      assigneeGroup: e.assigneeGroup,
      dueAt: e.dueAt,
    })),
    resolves: w.resolvesEscalation
      ? {
          id: w.resolvesEscalation.id,
          status: w.resolvesEscalation.status,
          by: w.resolvesEscalation.by,
          resolution: JSON.stringify(w.resolvesEscalation.resolution ?? null),
        }
      : null,
  };
}

interface Pending {
  row: Row;
  resolve: (ok: boolean) => void;
  reject: (err: unknown) => void;
}

export class ProtoRunStore implements RunStore {
  private readonly cold: PrismaRunStore;
  private readonly cache = new Map<string, StoredRun>();
  private readonly definitions = new Map<string, WorkflowDefinition>();
  private readonly breakers = new Map<string, BreakerState>();
  private readonly dirtyBreakers = new Set<string>();
  private readonly persisted = new Map<string, { status: BreakerState["status"]; at: number }>();
  private queue: Pending[] = [];
  private inflight = 0;
  private scheduled = false;
  /** Transactions written and rows in them, for the report. */
  batches = 0;
  rows = 0;
  writeMs = 0;

  constructor(
    private readonly db: Db,
    private readonly writer: BatchWriter,
  ) {
    this.cold = new PrismaRunStore(db);
  }

  private enqueue(row: Row): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.schedule();
    });
  }

  /** Starts a batch at the end of this turn of the event loop, when a writer is free; what arrives meanwhile waits for the next. */
  private schedule(): void {
    if (this.scheduled || this.inflight >= this.writer.parallel || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inflight >= this.writer.parallel || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const breakers = [...this.dirtyBreakers].map((s): [string, string] => [s, JSON.stringify(this.breakers.get(s))]);
    this.dirtyBreakers.clear();
    this.inflight++;
    this.schedule(); // another writer may start on what arrives while this one writes
    const started = performance.now();
    try {
      const results = await this.writer.write(
        batch.map((p) => p.row),
        breakers,
      );
      this.batches++;
      this.rows += batch.length;
      this.writeMs += performance.now() - started;
      batch.forEach((p, i) => p.resolve(results[i] ?? false));
    } catch (err) {
      for (const [s] of breakers) this.dirtyBreakers.add(s);
      for (const p of batch) p.reject(err);
    } finally {
      this.inflight--;
      this.schedule();
    }
  }

  private async definition(versionId: string): Promise<WorkflowDefinition> {
    const known = this.definitions.get(versionId);
    if (known) return known;
    const row = await this.db.workflowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
    const definition = row.definition as unknown as WorkflowDefinition;
    this.definitions.set(versionId, definition);
    return definition;
  }

  async createRun(run: { id: string; workflowId: string; versionId: string; input: unknown; state: RunState; now: number }) {
    const definition = await this.definition(run.versionId);
    const row: CreateRow = {
      kind: "create",
      id: run.id,
      workflowId: run.workflowId,
      versionId: run.versionId,
      status: run.state.status,
      state: JSON.stringify(run.state),
      input: JSON.stringify(run.input ?? null),
      now: run.now,
    };
    if (!(await this.enqueue(row))) throw new Error(`run ${run.id} could not be created`);
    this.cache.set(run.id, { id: run.id, versionId: run.versionId, seq: 0, state: run.state, definition });
  }

  /** From memory while this engine drives the run; otherwise read (and kept: an event is about to be applied). */
  async loadRun(runId: string): Promise<StoredRun | null> {
    const known = this.cache.get(runId);
    if (known) return known;
    const loaded = await this.cold.loadRun(runId);
    if (loaded) this.cache.set(runId, loaded);
    return loaded;
  }

  async commit(w: TransitionWrite): Promise<boolean> {
    const ok = await this.enqueue(transitionRow(w));
    const known = this.cache.get(w.runId);
    const parked = w.state.status === "waiting" || FINAL_STATUSES.includes(w.state.status);
    // Someone else moved it (stale): forget it, the engine reloads. Waiting and final runs leave memory.
    if (!ok || !known || parked) this.cache.delete(w.runId);
    else this.cache.set(w.runId, { ...known, seq: w.expectedSeq + 1, state: w.state });
    return ok;
  }

  loadBreaker(server: string): Promise<BreakerState | null> {
    return Promise.resolve(this.breakers.get(server) ?? null);
  }

  /**
   * In memory; written behind with the next batch when its status changes, and otherwise at most once a second
   * (every call records an outcome: writing each one would put one row, locked by every batch, on the hot path).
   */
  saveBreaker(server: string, state: BreakerState): Promise<void> {
    this.breakers.set(server, state);
    const last = this.persisted.get(server);
    if (!last || last.status !== state.status || Date.now() - last.at > 1000) {
      this.persisted.set(server, { status: state.status, at: Date.now() });
      this.dirtyBreakers.add(server);
    }
    return Promise.resolve();
  }

  // The cold paths, as today.
  dueTimers = (now: number, limit: number) => this.cold.dueTimers(now, limit);
  overdueEscalations = (now: number, limit: number) => this.cold.overdueEscalations(now, limit);
  markEscalationExpired = (id: string, now: number) => this.cold.markEscalationExpired(id, now);
  queuedRuns = (limit: number) => this.cold.queuedRuns(limit);
  runsWithPendingCalls = (now?: number) => this.cold.runsWithPendingCalls(now);
  renewLeases = (owner: string, runIds: string[], until: number) => this.cold.renewLeases(owner, runIds, until);
  cachedResult = (server: string, tool: string, args: Record<string, unknown>) => this.cold.cachedResult(server, tool, args);

  async close(): Promise<void> {
    while (this.inflight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    await this.writer.close();
  }
}
