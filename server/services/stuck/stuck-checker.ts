/**
 * Stuck-run detection, the periodic part: reads the unfinished runs with what the detector needs (their version's
 * definition, the start of the pending call and of the step's first attempt, the breakers), raises an alert (RunAlert)
 * per new finding and clears the alerts whose reason no longer holds (the run moved on, finished, or recovered). Safe
 * to run in several processes at once: an active alert is unique per run and reason (activeKey).
 */
import type { Db } from "../../db/client";
import { jsonValue } from "../../db/json";
import { newId } from "../../util/ids";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState } from "../../engine/core/types";
import { DEFAULT_STUCK_SETTINGS, detectStuck, type Finding, type StuckSettings } from "./stuck-detector";
import { UNFINISHED_STATUSES } from "@/lib/runs/status";

const UNFINISHED = [...UNFINISHED_STATUSES];

export interface CheckResult {
  raised: number;
  cleared: number;
  active: number;
}

export async function checkStuckRuns(
  db: Db,
  opts: { now?: number; settings?: StuckSettings; limit?: number } = {},
): Promise<CheckResult> {
  const now = opts.now ?? Date.now();
  const settings = opts.settings ?? DEFAULT_STUCK_SETTINGS;
  const runs = await db.run.findMany({
    where: { status: { in: UNFINISHED } },
    select: {
      id: true,
      workflowId: true,
      versionId: true,
      status: true,
      seq: true,
      state: true,
      updatedAt: true,
      leaseOwner: true,
      leaseExpiresAt: true,
    },
    orderBy: { updatedAt: "asc" },
    take: opts.limit ?? 10_000,
  });
  const [definitions, attempts, breakers, active] = await Promise.all([
    loadDefinitions(db, [...new Set(runs.map((r) => r.versionId))]),
    loadAttempts(
      db,
      runs.filter((r) => busyWithStep(r.state as unknown as RunState)).map((r) => r.id),
    ),
    db.circuitBreaker.findMany({ select: { server: true, state: true, updatedAt: true } }),
    db.runAlert.findMany({ where: { clearedAt: null }, select: { id: true, runId: true, reason: true } }),
  ]);
  const found = new Map<string, { runId: string; workflowId: string; seq: number; finding: Finding }>();
  for (const r of runs) {
    const state = r.state as unknown as RunState;
    const definition = definitions.get(r.versionId) ?? null;
    const pending = state.pending;
    const mine = attempts.get(r.id) ?? [];
    const callStartedAt =
      pending?.type === "call"
        ? mine.find(
            (a) =>
              a.stateId === pending.stateId &&
              a.visit === pending.visit &&
              a.attempt === pending.attempt &&
              a.purpose === pending.purpose,
          )?.startedAt
        : undefined;
    const current = state.current;
    const firstAttemptAt = current
      ? mine.find(
          (a) => a.stateId === current && a.visit === (state.visits[current] ?? 0) && a.attempt === 1 && a.purpose === "step",
        )?.startedAt
      : undefined;
    const server = pending?.type === "timer" && definition ? serverOf(definition, pending.stateId) : null;
    const breaker = server ? breakers.find((b) => b.server === server) : undefined;
    const findings = detectStuck(
      {
        id: r.id,
        status: r.status,
        seq: r.seq,
        state,
        lastTransitionAt: r.updatedAt.getTime(),
        leaseOwner: r.leaseOwner,
        leaseExpiresAt: r.leaseExpiresAt?.getTime() ?? null,
      },
      {
        now,
        settings,
        definition,
        callStartedAt: callStartedAt?.getTime(),
        firstAttemptAt: firstAttemptAt?.getTime(),
        breaker: breaker
          ? { status: (breaker.state as { status?: string }).status ?? "closed", since: breaker.updatedAt.getTime() }
          : undefined,
      },
    );
    for (const finding of findings)
      found.set(`${r.id}:${finding.reason}`, { runId: r.id, workflowId: r.workflowId, seq: r.seq, finding });
  }
  const stale = active.filter((a) => !found.has(`${a.runId}:${a.reason}`)).map((a) => a.id);
  const cleared = stale.length
    ? (
        await db.runAlert.updateMany({
          where: { id: { in: stale }, clearedAt: null },
          data: { clearedAt: new Date(now), activeKey: null },
        })
      ).count
    : 0;
  const known = new Set(active.map((a) => `${a.runId}:${a.reason}`));
  let raised = 0;
  for (const [key, f] of found) {
    if (known.has(key)) continue;
    if (await raise(db, key, f, now)) raised++;
  }
  return { raised, cleared, active: active.length - cleared + raised };
}

function busyWithStep(state: RunState): boolean {
  return state.pending?.type === "call" || (state.pending?.type === "timer" && state.pending.reason === "retry");
}

async function raise(
  db: Db,
  key: string,
  f: { runId: string; workflowId: string; seq: number; finding: Finding },
  now: number,
): Promise<boolean> {
  try {
    await db.runAlert.create({
      data: {
        id: newId("alr"),
        runId: f.runId,
        workflowId: f.workflowId,
        reason: f.finding.reason,
        message: f.finding.message,
        details: jsonValue(f.finding.details),
        stateId: f.finding.stateId,
        seq: f.seq,
        activeKey: key,
        raisedAt: new Date(now),
      },
    });
    return true;
  } catch (err) {
    // Another process raised the same alert first.
    if ((err as { code?: unknown }).code === "P2002") return false;
    throw err;
  }
}

async function loadDefinitions(db: Db, versionIds: string[]): Promise<Map<string, WorkflowDefinition>> {
  const rows = await db.workflowVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, definition: true } });
  return new Map(rows.map((r) => [r.id, r.definition as unknown as WorkflowDefinition]));
}

type AttemptRow = { runId: string; stateId: string; visit: number; attempt: number; purpose: string; startedAt: Date };

async function loadAttempts(db: Db, runIds: string[]): Promise<Map<string, AttemptRow[]>> {
  const byRun = new Map<string, AttemptRow[]>();
  for (let i = 0; i < runIds.length; i += 500) {
    const rows = await db.stepAttempt.findMany({
      where: { runId: { in: runIds.slice(i, i + 500) } },
      select: { runId: true, stateId: true, visit: true, attempt: true, purpose: true, startedAt: true },
    });
    for (const row of rows) byRun.set(row.runId, [...(byRun.get(row.runId) ?? []), row]);
  }
  return byRun;
}

function serverOf(definition: WorkflowDefinition, stateId: string): string | null {
  const state = definition.states[stateId];
  return state?.type === "tool" ? state.server : null;
}
