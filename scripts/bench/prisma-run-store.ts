/**
 * The benchmark's baseline (`npm run bench:engine -- --stores prisma`): the run store as it was on Prisma, each
 * transition ONE interactive transaction. The app does not use it (its store is server/db/run-stores.ts); it is
 * kept only so the benchmark can compare, and it lags the app's store (e.g. its breaker save lacks the "only over an
 * older change" guard).
 */
import { wakeOf } from "@/server/engine/core/wake";
import type { Db } from "@/server/db/client";
import { DbNull, jsonValue } from "@/server/db/json";
import type { NewRun, RunStore, StoredRun, TransitionWrite } from "@/server/engine/runtime/ports";
import type { RunState } from "@/server/engine/core/types";
import { FINAL_STATUSES } from "@/server/engine/core/types";
import type { BreakerState } from "@/server/engine/core/breaker";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { ColdQueries } from "@/server/db/run-cold-queries";
import { newId } from "@/server/util/ids";

class StaleWrite extends Error {}

/** Under load many transitions queue for a connection: wait for one rather than fail. */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

export class PrismaRunStore implements RunStore {
  private readonly definitions = new Map<string, WorkflowDefinition>();

  constructor(private readonly db: Db) {}

  /** The baseline ignores trigger deliveries and re-run links (the benchmark uses neither). */
  async createRun(run: NewRun): Promise<boolean> {
    await this.db.run.create({
      data: {
        id: run.id,
        workflowId: run.workflowId,
        versionId: run.versionId,
        status: run.state.status,
        state: jsonValue(run.state),
        input: jsonValue(run.input as object),
        createdAt: new Date(run.now),
      },
    });
    return true;
  }

  async loadRun(runId: string): Promise<StoredRun | null> {
    const row = await this.db.run.findUnique({
      where: { id: runId },
      select: { id: true, versionId: true, seq: true, state: true },
    });
    if (!row) return null;
    return {
      id: row.id,
      versionId: row.versionId,
      seq: row.seq,
      state: row.state as unknown as RunState,
      definition: await this.loadDefinition(row.versionId),
    };
  }

  async loadDefinition(versionId: string): Promise<WorkflowDefinition> {
    const cached = this.definitions.get(versionId);
    if (cached) return cached;
    const version = await this.db.workflowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
    const definition = version.definition as unknown as WorkflowDefinition;
    this.definitions.set(versionId, definition);
    return definition;
  }

  async commit(w: TransitionWrite): Promise<boolean> {
    // The baseline creates a run and starts it in two transactions (the app's stores: one).
    if (w.create) await this.createRun({ ...w.create, state: { ...w.state, status: "queued" }, now: w.now });
    const now = new Date(w.now);
    const s = w.state;
    const timer = wakeOf(s);
    const final = FINAL_STATUSES.includes(s.status);
    try {
      await this.db.$transaction(async (tx) => {
        const moved = await tx.run.updateMany({
          where: { id: w.runId, seq: w.expectedSeq },
          data: {
            seq: w.expectedSeq + 1,
            status: s.status,
            currentState: s.current,
            state: jsonValue(s),
            wakeAt: timer ? new Date(timer.wakeAt) : null,
            output: final && s.status === "succeeded" ? jsonValue({ value: s.output }) : undefined,
            failure: s.failure ? jsonValue(s.failure) : DbNull,
            finishedAt: final ? now : null,
            leaseOwner: s.pending?.type === "call" && w.lease ? w.lease.owner : null,
            leaseExpiresAt: s.pending?.type === "call" && w.lease ? new Date(w.lease.until) : null,
          },
        });
        if (moved.count !== 1) throw new StaleWrite();
        if (w.resolvesEscalation) {
          const r = w.resolvesEscalation;
          const resolved = await tx.escalation.updateMany({
            where: { id: r.id, status: { in: ["open", "claimed"] } },
            data: { status: r.status, resolvedAt: now, resolvedBy: r.by, resolution: jsonValue(r.resolution as object) },
          });
          if (resolved.count !== 1) throw new StaleWrite();
        }
        await tx.transition.create({
          data: {
            runId: w.runId,
            seq: w.expectedSeq + 1,
            event: jsonValue(w.event),
            status: s.status,
            stateId: s.current,
            commands: jsonValue(w.commands),
            createdAt: now,
          },
        });
        if (w.completedAttempt) {
          const { call, outcome } = w.completedAttempt;
          await tx.stepAttempt.updateMany({
            where: { runId: w.runId, stateId: call.stateId, visit: call.visit, attempt: call.attempt, purpose: call.purpose },
            data: {
              status: outcome.status,
              finishedAt: now,
              ...(outcome.status === "succeeded"
                ? { output: jsonValue({ value: outcome.output }), latencyMs: outcome.latencyMs, fromCache: outcome.fromCache }
                : {}),
              ...(outcome.status === "failed" ? { error: jsonValue(outcome.error), latencyMs: outcome.latencyMs } : {}),
              ...(outcome.status === "refused" ? { error: jsonValue(outcome.error) } : {}),
            },
          });
        }
        for (const call of w.startedAttempts) {
          await tx.stepAttempt.upsert({
            where: {
              runId_stateId_visit_attempt_purpose: {
                runId: w.runId,
                stateId: call.stateId,
                visit: call.visit,
                attempt: call.attempt,
                purpose: call.purpose,
              },
            },
            create: {
              id: newId("att"),
              runId: w.runId,
              stateId: call.stateId,
              visit: call.visit,
              attempt: call.attempt,
              purpose: call.purpose,
              server: call.server,
              tool: call.tool,
              input: jsonValue(call.args),
              idempotencyKey: call.idempotencyKey,
              status: "started",
              startedAt: now,
            },
            // Retried after an escalation: the same attempt number runs again.
            update: {
              input: jsonValue(call.args),
              status: "started",
              startedAt: now,
              finishedAt: null,
              output: DbNull,
              error: DbNull,
            },
          });
        }
        for (const e of w.escalations) {
          await tx.escalation.create({
            data: {
              id: e.escalationId,
              runId: w.runId,
              stateId: e.stateId,
              reason: e.reason,
              title: e.title,
              message: e.message,
              context: jsonValue(e.context),
              options: jsonValue(e.options),
              details: e.details === null || e.details === undefined ? DbNull : jsonValue(e.details),
              assigneeGroup: e.assigneeGroup,
              status: "open",
              dueAt: e.dueAt ? new Date(e.dueAt) : null,
              createdAt: now,
            },
          });
        }
      }, TRANSACTION_OPTIONS);
      return true;
    } catch (err) {
      if (err instanceof StaleWrite) return false;
      throw err;
    }
  }

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
      if (p?.type === "shared" || p?.type === "model") return [{ runId: r.id, timerId: p.timerId }];
      return p?.type === "timer" ? [{ runId: r.id, timerId: p.timerId }] : [];
    });
  }

  async queuedRuns(limit: number): Promise<{ runId: string; input: unknown }[]> {
    const rows = await this.db.run.findMany({
      where: { status: "queued", seq: 0 },
      orderBy: { createdAt: "asc" },
      take: limit,
      select: { id: true, input: true },
    });
    return rows.map((r) => ({ runId: r.id, input: r.input }));
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

  async runsWithPendingCalls(now?: number): Promise<string[]> {
    const rows = await this.db.run.findMany({
      where: {
        status: { in: ["running", "retrying", "compensating"] },
        ...(now !== undefined ? { OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: new Date(now) } }] } : {}),
      },
      select: { id: true, state: true },
    });
    return rows.filter((r) => ["call", "model"].includes((r.state as unknown as RunState).pending?.type ?? "")).map((r) => r.id);
  }

  async renewLeases(owner: string, runIds: string[], until: number): Promise<void> {
    if (runIds.length === 0) return;
    await this.db.run.updateMany({ where: { id: { in: runIds }, leaseOwner: owner }, data: { leaseExpiresAt: new Date(until) } });
  }

  async loadBreaker(server: string): Promise<BreakerState | null> {
    const row = await this.db.circuitBreaker.findUnique({ where: { server } });
    return row ? (row.state as unknown as BreakerState) : null;
  }

  async saveBreaker(server: string, state: BreakerState): Promise<void> {
    await this.db.circuitBreaker.upsert({
      where: { server },
      create: { server, state: jsonValue(state) },
      update: { state: jsonValue(state) },
    });
  }

  /** The benchmark's baseline store: the result cache as the hot-path stores have it (ColdQueries). */
  cachedResult(server: string, tool: string, args: Record<string, unknown>) {
    return new ColdQueries(this.db).cachedResult(server, tool, args);
  }
}
