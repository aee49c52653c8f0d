/**
 * The run store in memory, for tests of the runtime's logic: no database, no files, no processes. It keeps the same
 * rows as the database stores (runs, transitions, attempts, escalations, trigger deliveries, audit rows, breakers) as
 * plain data a test can read, and the same rules: a commit is all or nothing, refused when the run's seq moved or the
 * escalation it resolves is no longer open; creating a run with a delivery already recorded creates nothing. The
 * run-store contract suite (server/db/run-store-contract.int.test.ts) holds it to the database stores' behaviour.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { FINAL_STATUSES, type RunState } from "../../core/types";
import type { BreakerState } from "../../core/breaker";
import { wakeOf } from "../../core/wake";
import type { ChildRunPort } from "../child-runs";
import type { AttemptOutcome, AttemptRef, AuditRow, Claim, NewRun, RunStore, StoredRun, TransitionWrite } from "../ports";

export interface MemoryRun {
  id: string;
  workflowId: string;
  versionId: string;
  status: string;
  seq: number;
  state: RunState;
  input: unknown;
  output: unknown;
  wakeAt: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  rerun: NewRun["rerun"] | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface MemoryAttempt extends AttemptRef {
  server: string;
  tool: string;
  input: unknown;
  idempotencyKey: string;
  status: "started" | AttemptOutcome["status"];
  output: unknown;
  error: unknown;
  fromCache: boolean | null;
  startedAt: number;
  sentAt: number | null;
  finishedAt: number | null;
}

export interface MemoryEscalation {
  id: string;
  runId: string;
  stateId: string;
  reason: string;
  title: string;
  status: "open" | "claimed" | "resolved" | "expired";
  dueAt: number | null;
  resolvedBy: string | null;
  resolution: unknown;
  createdAt: number;
}

const ACTIVE = ["running", "retrying", "compensating"];
const attemptKey = (a: AttemptRef) => `${a.runId}|${a.stateId}|${a.visit}|${a.attempt}|${a.purpose}`;
const resultKey = (server: string, tool: string, input: unknown) => `${server}\u0000${tool}\u0000${JSON.stringify(input)}`;
const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, MemoryRun>();
  readonly transitions: {
    runId: string;
    seq: number;
    event: TransitionWrite["event"];
    commands: TransitionWrite["commands"];
    status: string;
    at: number;
  }[] = [];
  readonly attempts = new Map<string, MemoryAttempt>();
  readonly escalations = new Map<string, MemoryEscalation>();
  readonly firings = new Map<string, string>();
  readonly audit: (AuditRow & { at: number })[] = [];
  readonly breakers = new Map<string, BreakerState>();
  private readonly latestResults = new Map<string, MemoryAttempt>();
  private readonly versions = new Map<string, { definition: WorkflowDefinition; workflowId: string; version: number }>();
  /** Commits, for tests that count them (creating and starting a run is one). */
  commits = 0;

  /** A published version runs can be created of (the next version number of its workflow). */
  addVersion(versionId: string, definition: WorkflowDefinition, workflowId = "wf"): void {
    const version = [...this.versions.values()].filter((v) => v.workflowId === workflowId).length + 1;
    this.versions.set(versionId, { definition, workflowId, version });
  }

  loadDefinition(versionId: string): Promise<WorkflowDefinition> {
    const found = this.versions.get(versionId);
    if (!found) return Promise.reject(new Error(`Workflow version ${versionId} does not exist`));
    return Promise.resolve(found.definition);
  }

  /** The child run port over these rows (parallel branches, map items, sub-workflows), as the Prisma one reads them. */
  childRunPort(): ChildRunPort {
    return {
      workflowOf: (versionId) => {
        const found = this.versions.get(versionId);
        return found ? Promise.resolve(found.workflowId) : Promise.reject(new Error(`No version ${versionId}`));
      },
      versionOf: (workflowId, version) => {
        const [id, found] =
          [...this.versions.entries()]
            .filter(([, v]) => v.workflowId === workflowId && (version === undefined || v.version === version))
            .sort(([, a], [, b]) => b.version - a.version)[0] ?? [];
        if (!id || !found) return Promise.resolve(null);
        return Promise.resolve({ workflowId, versionId: id, version: found.version, input: found.definition.input });
      },
      succeededRun: (id) => {
        const found = [...this.runs.entries()].find(
          ([runId, run]) => (runId === id || runId.startsWith(`${id}~`)) && run.status === "succeeded",
        );
        return Promise.resolve(found?.[0] ?? null);
      },
      outcomes: (runIds) => {
        const rows = runIds.flatMap((id) => {
          const run = this.runs.get(id);
          return run ? [[id, { status: run.status, output: copy(run.output) }] as const] : [];
        });
        return Promise.resolve(new Map(rows));
      },
    };
  }

  createRun(run: NewRun): Promise<boolean> {
    if (run.firing) {
      const key = `${run.firing.triggerId}|${run.firing.dedupKey}`;
      if (this.firings.has(key)) return Promise.resolve(false);
      this.firings.set(key, run.id);
    }
    this.insert(run);
    this.commits++;
    return Promise.resolve(true);
  }

  private insert(run: NewRun): MemoryRun {
    if (this.runs.has(run.id)) throw new Error(`Run ${run.id} already exists`);
    if (!this.versions.has(run.versionId)) throw new Error(`Workflow version ${run.versionId} does not exist`);
    const row: MemoryRun = {
      id: run.id,
      workflowId: run.workflowId,
      versionId: run.versionId,
      status: run.state.status,
      seq: 0,
      state: copy(run.state),
      input: copy(run.input),
      output: null,
      wakeAt: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      rerun: run.rerun ? copy(run.rerun) : null,
      createdAt: run.now,
      finishedAt: null,
    };
    this.runs.set(run.id, row);
    return row;
  }

  async loadRun(runId: string): Promise<StoredRun | null> {
    const row = this.runs.get(runId);
    if (!row) return null;
    const definition = await this.loadDefinition(row.versionId);
    return { id: runId, versionId: row.versionId, seq: row.seq, state: copy(row.state), definition };
  }

  commit(w: TransitionWrite): Promise<boolean> {
    try {
      return Promise.resolve(this.apply(w));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private apply(w: TransitionWrite): boolean {
    const existing = this.runs.get(w.runId);
    if (w.create && existing) throw new Error(`Run ${w.runId} already exists`);
    const resolves = w.resolvesEscalation;
    const escalation = resolves ? this.escalations.get(resolves.id) : undefined;
    const open = !resolves || escalation?.status === "open" || escalation?.status === "claimed";
    if (!w.create && (existing?.seq !== w.expectedSeq || !open)) return false;
    const run = existing ?? this.insert({ ...w.create!, state: w.state, now: w.now });
    const s = w.state;
    const final = FINAL_STATUSES.includes(s.status);
    const leased = (s.pending?.type === "call" || s.pending?.type === "model") && w.lease;
    Object.assign(run, {
      seq: w.expectedSeq + 1,
      status: s.status,
      state: copy(s),
      wakeAt: wakeOf(s)?.wakeAt ?? null,
      output: final && s.status === "succeeded" ? copy(s.output) : run.output,
      finishedAt: final ? w.now : null,
      leaseOwner: leased ? w.lease!.owner : null,
      leaseExpiresAt: leased ? w.lease!.until : null,
    });
    if (escalation && resolves)
      Object.assign(escalation, { status: resolves.status, resolvedBy: resolves.by, resolution: copy(resolves.resolution) });
    this.transitions.push({
      runId: w.runId,
      seq: run.seq,
      event: copy(w.event),
      commands: copy(w.commands),
      status: s.status,
      at: w.now,
    });
    this.finish(w);
    for (const call of w.startedAttempts) {
      const ref = { runId: w.runId, stateId: call.stateId, visit: call.visit, attempt: call.attempt, purpose: call.purpose };
      this.attempts.set(attemptKey(ref), {
        ...ref,
        server: call.server,
        tool: call.tool,
        input: copy(call.args),
        idempotencyKey: call.idempotencyKey,
        status: "started",
        output: null,
        error: null,
        fromCache: null,
        startedAt: w.now,
        sentAt: null,
        finishedAt: null,
      });
    }
    for (const e of w.escalations) {
      this.escalations.set(e.escalationId, {
        id: e.escalationId,
        runId: w.runId,
        stateId: e.stateId,
        reason: e.reason,
        title: e.title,
        status: "open",
        dueAt: e.dueAt,
        resolvedBy: null,
        resolution: null,
        createdAt: w.now,
      });
    }
    if (w.audit) this.audit.push({ ...w.audit, at: w.now });
    this.commits++;
    return true;
  }

  private finish(w: TransitionWrite): void {
    const c = w.completedAttempt;
    if (!c) return;
    const ref = { runId: w.runId, ...c.call };
    const row = this.attempts.get(attemptKey(ref));
    if (!row) return;
    const o = c.outcome;
    Object.assign(row, {
      status: o.status,
      finishedAt: w.now,
      output: o.status === "succeeded" ? copy(o.output) : row.output,
      error: o.status === "failed" || o.status === "refused" ? copy(o.error) : row.error,
      fromCache: o.status === "succeeded" ? o.fromCache : row.fromCache,
    });
    if (o.status !== "succeeded") return;
    // The latest success per call, so a cache lookup is not a scan of every attempt (1,000 map items: 1M scans).
    const key = resultKey(row.server, row.tool, row.input);
    const before = this.latestResults.get(key);
    if (!before || (before.finishedAt ?? 0) < w.now) this.latestResults.set(key, row);
  }

  dueTimers(now: number, limit: number): Promise<{ runId: string; timerId: string }[]> {
    const due = [...this.runs.values()]
      .filter((r) => r.wakeAt !== null && r.wakeAt <= now)
      .sort((a, b) => (a.wakeAt ?? 0) - (b.wakeAt ?? 0))
      .slice(0, limit);
    return Promise.resolve(
      due.flatMap((r) => {
        const p = r.state.pending;
        if (p?.type === "event") return p.timerId !== null ? [{ runId: r.id, timerId: p.timerId }] : [];
        const timed = p?.type === "timer" || p?.type === "shared" || p?.type === "model" || p?.type === "children";
        return timed ? [{ runId: r.id, timerId: p.timerId }] : [];
      }),
    );
  }

  overdueEscalations(now: number, limit: number): Promise<{ runId: string; escalationId: string }[]> {
    const due = [...this.escalations.values()].filter(
      (e) => (e.status === "open" || e.status === "claimed") && e.dueAt !== null && e.dueAt <= now && e.reason !== "mcp_request",
    );
    return Promise.resolve(due.slice(0, limit).map((e) => ({ runId: e.runId, escalationId: e.id })));
  }

  markEscalationExpired(escalationId: string): Promise<void> {
    const e = this.escalations.get(escalationId);
    if (e && (e.status === "open" || e.status === "claimed")) e.status = "expired";
    return Promise.resolve();
  }

  queuedRuns(limit: number, claim?: Claim): Promise<{ runId: string; input: unknown }[]> {
    const free = (r: MemoryRun) => !claim || r.leaseExpiresAt === null || r.leaseExpiresAt < claim.now;
    const queued = [...this.runs.values()]
      .filter((r) => r.status === "queued" && r.seq === 0 && free(r))
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit);
    for (const r of queued) if (claim) Object.assign(r, { leaseOwner: claim.owner, leaseExpiresAt: claim.until });
    return Promise.resolve(queued.map((r) => ({ runId: r.id, input: copy(r.input) })));
  }

  runsWithPendingCalls(now?: number, claim?: Claim): Promise<string[]> {
    const pending = [...this.runs.values()].filter(
      (r) =>
        ACTIVE.includes(r.status) &&
        (r.state.pending?.type === "call" || r.state.pending?.type === "model") &&
        (now === undefined || r.leaseExpiresAt === null || r.leaseExpiresAt < now),
    );
    for (const r of pending) if (claim) Object.assign(r, { leaseOwner: claim.owner, leaseExpiresAt: claim.until });
    return Promise.resolve(pending.map((r) => r.id));
  }

  renewLeases(owner: string, runIds: string[], until: number): Promise<void> {
    for (const id of runIds) {
      const r = this.runs.get(id);
      if (r?.leaseOwner === owner) r.leaseExpiresAt = until;
    }
    return Promise.resolve();
  }

  loadBreaker(server: string): Promise<BreakerState | null> {
    return Promise.resolve(copy(this.breakers.get(server)) ?? null);
  }

  saveBreaker(server: string, state: BreakerState): Promise<void> {
    this.breakers.set(server, copy(state));
    return Promise.resolve();
  }

  cachedResult(server: string, tool: string, args: Record<string, unknown>) {
    const last = this.latestResults.get(resultKey(server, tool, args));
    return Promise.resolve(last ? { result: copy(last.output), savedAt: last.finishedAt ?? 0 } : null);
  }

  markSent(a: AttemptRef, now: number): Promise<void> {
    const row = this.attempts.get(attemptKey(a));
    if (row) row.sentAt = now;
    return Promise.resolve();
  }

  sentAt(a: AttemptRef): Promise<number | null | undefined> {
    return Promise.resolve(this.attempts.get(attemptKey(a))?.sentAt);
  }
}
