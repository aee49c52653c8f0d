/**
 * The dashboard's figures (/insights), computed from the Run, StepAttempt, CircuitBreaker and BreakerEvent rows of a
 * period with portable Prisma queries (SQLite and PostgreSQL alike): counts per workflow, per step and per MCP server,
 * nearest-rank p50/p95 of durations and latencies, the most frequent errors, and the breakers' history.
 *
 * Attempts are the StepAttempt rows started in the period, as they stand: a call refused by an open breaker and made
 * again later keeps one row (the later outcome). A row left with a breaker_open error (the run escalated instead of
 * waiting) made no call: it counts for its step, not for its server.
 */
import type { Db } from "../../db/client";
import { groupBy, ratio, summarize, topCounts } from "./insights-stats";
import { modelCallFigures, type AgentStepFigures, type ModelFigures } from "./model-insights";
import { PUBLISHED } from "../workflows/published-versions";
import { previewTemplate } from "@/lib/workflow/expressions";

export const PERIODS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type Period = keyof typeof PERIODS;
const BUCKETS: Record<Period, number> = { "1h": 12, "24h": 24, "7d": 28, "30d": 30 };

export interface WorkflowFigures {
  workflowId: string;
  name: string;
  started: number;
  succeeded: number;
  /** failed or compensated */
  failed: number;
  waiting: number;
  /** queued, running, retrying or compensating */
  active: number;
  cancelled: number;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  /** Tokens (input + output) and cost of its agent steps' model calls. */
  modelTokens: number;
  modelCostUsd: number;
}

export interface StepFigures {
  workflowId: string;
  workflowName: string;
  stateId: string;
  /** The step's title in the workflow's current definition (its id when it has none). */
  stepTitle: string;
  attempts: number;
  succeeded: number;
  /** failed or outcome unknown */
  failed: number;
  successRate: number | null;
  /** Share of attempts that were retries (attempt > 1). */
  retryRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  topErrors: { error: string; count: number }[];
}

export interface ServerFigures {
  server: string;
  calls: number;
  errors: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  breaker: "closed" | "open" | "half_open";
  history: { at: string; from: string; to: string }[];
}

export interface InsightsOverview {
  period: Period;
  since: string;
  until: string;
  /** More runs or attempts than `maxRows` in the period: the figures are of the most recent `maxRows` of each. */
  truncated: boolean;
  maxRows: number;
  workflows: WorkflowFigures[];
  timeline: { at: string; started: number; succeeded: number; failed: number }[];
  steps: StepFigures[];
  servers: ServerFigures[];
  /** Model calls of agent steps: per model, and per step with its workflow's name and the step's title. */
  models: ModelFigures[];
  agentSteps: (AgentStepFigures & { workflowName: string; stepTitle: string })[];
}

type ErrorJson = { kind?: string; message?: string } | null;

/** Rows read per table at most (memory and time bound of one dashboard request). */
export const MAX_ROWS = 200_000;

export async function insightsOverview(
  db: Db,
  opts: { period: Period; now?: number; maxRows?: number; provider: "sqlite" | "postgresql" },
): Promise<InsightsOverview> {
  const until = opts.now ?? Date.now();
  const since = until - PERIODS[opts.period];
  const maxRows = opts.maxRows ?? MAX_ROWS;
  const [allRuns, allAttempts, breakers, events, servers, modelCalls] = await Promise.all([
    db.run.findMany({
      // Test runs of drafts are not the workflow's figures.
      where: { createdAt: { gte: new Date(since) }, version: PUBLISHED },
      select: { workflowId: true, status: true, createdAt: true, finishedAt: true },
      orderBy: { createdAt: "desc" },
      take: maxRows + 1,
    }),
    db.stepAttempt.findMany({
      where: { startedAt: { gte: new Date(since) } },
      orderBy: { startedAt: "desc" },
      take: maxRows + 1,
      select: {
        stateId: true,
        attempt: true,
        purpose: true,
        server: true,
        status: true,
        latencyMs: true,
        fromCache: true,
        error: true,
        run: { select: { workflowId: true } },
      },
    }),
    db.circuitBreaker.findMany({ select: { server: true, state: true } }),
    db.breakerEvent.findMany({ where: { at: { gte: new Date(since) } }, orderBy: { at: "asc" }, take: 2_000 }),
    db.mcpServer.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    modelCallFigures(db, opts.provider, since, maxRows),
  ]);
  const truncated = allRuns.length > maxRows || allAttempts.length > maxRows || modelCalls.truncated;
  const runs = allRuns.slice(0, maxRows);
  const attempts = allAttempts.slice(0, maxRows);
  const workflowIds = [
    ...new Set([
      ...runs.map((r) => r.workflowId),
      ...attempts.map((a) => a.run.workflowId),
      ...modelCalls.steps.map((s) => s.workflowId),
    ]),
  ];
  const found = await db.workflow.findMany({
    where: { id: { in: workflowIds } },
    select: { id: true, name: true, draft: true },
  });
  const names = new Map(found.map((w) => [w.id, w.name]));
  const nameOf = (id: string) => names.get(id) ?? "(deleted workflow)";
  // Steps are named as the designer names them: their title in the workflow's current definition, else their id.
  const titles = new Map(found.map((w) => [w.id, stepTitles(w.draft)]));
  const titleOf = (workflowId: string, stateId: string) => titles.get(workflowId)?.get(stateId) ?? stateId;
  return {
    period: opts.period,
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    truncated,
    maxRows,
    workflows: workflowFigures(runs, nameOf, modelCalls.steps),
    timeline: timeline(runs, since, until, BUCKETS[opts.period]),
    steps: stepFigures(attempts, nameOf, titleOf),
    servers: serverFigures(
      attempts,
      breakers,
      events,
      servers.map((s) => s.name),
    ),
    models: modelCalls.models,
    agentSteps: modelCalls.steps.map((s) => ({
      ...s,
      workflowName: nameOf(s.workflowId),
      stepTitle: titleOf(s.workflowId, s.stateId),
    })),
  };
}

type RunRow = { workflowId: string; status: string; createdAt: Date; finishedAt: Date | null };

const FAILED = new Set(["failed", "compensated"]);
const ACTIVE = new Set(["queued", "running", "retrying", "compensating"]);

function workflowFigures(runs: RunRow[], nameOf: (id: string) => string, agentSteps: AgentStepFigures[]): WorkflowFigures[] {
  const byWorkflow = groupBy(runs, (r) => r.workflowId);
  const spend = groupBy(agentSteps, (s) => s.workflowId);
  return [...byWorkflow.entries()]
    .map(([workflowId, rows]) => {
      const durations = rows.flatMap((r) => (r.finishedAt ? [r.finishedAt.getTime() - r.createdAt.getTime()] : []));
      const { p50, p95 } = summarize(durations);
      const count = (f: (s: string) => boolean) => rows.filter((r) => f(r.status)).length;
      return {
        workflowId,
        name: nameOf(workflowId),
        started: rows.length,
        succeeded: count((s) => s === "succeeded"),
        failed: count((s) => FAILED.has(s)),
        waiting: count((s) => s === "waiting"),
        active: count((s) => ACTIVE.has(s)),
        cancelled: count((s) => s === "cancelled"),
        durationP50Ms: p50,
        durationP95Ms: p95,
        modelTokens: (spend.get(workflowId) ?? []).reduce((n, s) => n + s.inputTokens + s.outputTokens, 0),
        modelCostUsd: (spend.get(workflowId) ?? []).reduce((n, s) => n + s.costUsd, 0),
      };
    })
    .sort((a, b) => b.started - a.started || a.name.localeCompare(b.name));
}

function timeline(runs: RunRow[], since: number, until: number, buckets: number): InsightsOverview["timeline"] {
  const width = (until - since) / buckets;
  const rows = Array.from({ length: buckets }, (_, i) => ({
    at: new Date(since + i * width).toISOString(),
    started: 0,
    succeeded: 0,
    failed: 0,
  }));
  for (const r of runs) {
    const row = rows[Math.min(buckets - 1, Math.floor((r.createdAt.getTime() - since) / width))];
    if (!row) continue;
    row.started++;
    if (r.status === "succeeded") row.succeeded++;
    if (FAILED.has(r.status)) row.failed++;
  }
  return rows;
}

type AttemptRow = {
  stateId: string;
  attempt: number;
  purpose: string;
  server: string;
  status: string;
  latencyMs: number | null;
  fromCache: boolean;
  error: unknown;
  run: { workflowId: string };
};

const errorOf = (a: AttemptRow) => a.error as ErrorJson;
/** A row whose last word was "the breaker was open": no call was made. */
const refused = (a: AttemptRow) => a.status === "refused" || (a.status === "failed" && errorOf(a)?.kind === "breaker_open");
const isFailure = (a: AttemptRow) => a.status === "failed" || a.status === "unknown" || a.status === "refused";
/** Latencies of calls made (not answered from the cache, not refused, finished). */
const latencies = (rows: AttemptRow[]) =>
  rows.flatMap((a) => (a.latencyMs !== null && !a.fromCache && !refused(a) && a.status !== "started" ? [a.latencyMs] : []));

function errorText(a: AttemptRow): string {
  if (a.status === "unknown") return "outcome_unknown: the engine stopped during the call";
  const e = errorOf(a);
  return `${e?.kind ?? "error"}: ${e?.message ?? "no message"}`;
}

/** State id -> title, from a stored definition (anything malformed just has no titles). */
function stepTitles(definition: unknown): Map<string, string> {
  const states = (definition as { states?: unknown } | null)?.states;
  const out = new Map<string, string>();
  if (typeof states !== "object" || states === null) return out;
  for (const [id, state] of Object.entries(states as Record<string, { title?: unknown }>)) {
    // Figures of many runs: a placeholder cannot be filled, it reads ‹customer.name›.
    if (typeof state?.title === "string" && state.title.trim() !== "") out.set(id, previewTemplate(state.title));
  }
  return out;
}

function stepFigures(
  attempts: AttemptRow[],
  nameOf: (id: string) => string,
  titleOf: (workflowId: string, stateId: string) => string,
): StepFigures[] {
  const steps = attempts.filter((a) => a.purpose === "step");
  const groups = groupBy(steps, (a) => `${a.run.workflowId}\u0000${a.stateId}`);
  return [...groups.values()]
    .map((rows) => {
      const first = rows[0]!;
      const finished = rows.filter((a) => a.status !== "started");
      const succeeded = finished.filter((a) => a.status === "succeeded").length;
      const failed = finished.filter(isFailure);
      const { p50, p95 } = summarize(latencies(rows));
      return {
        workflowId: first.run.workflowId,
        workflowName: nameOf(first.run.workflowId),
        stateId: first.stateId,
        stepTitle: titleOf(first.run.workflowId, first.stateId),
        attempts: rows.length,
        succeeded,
        failed: failed.length,
        successRate: ratio(succeeded, finished.length),
        retryRate: ratio(rows.filter((a) => a.attempt > 1).length, rows.length),
        latencyP50Ms: p50,
        latencyP95Ms: p95,
        topErrors: topCounts(failed, errorText, 3).map((e) => ({ error: e.key, count: e.count })),
      };
    })
    .sort((a, b) => b.failed - a.failed || b.attempts - a.attempts || a.stateId.localeCompare(b.stateId));
}

function serverFigures(
  attempts: AttemptRow[],
  breakers: { server: string; state: unknown }[],
  events: { server: string; at: Date; from: string; to: string }[],
  registered: string[],
): ServerFigures[] {
  const calls = attempts.filter((a) => a.status !== "started" && !a.fromCache && !refused(a));
  const byServer = groupBy(calls, (a) => a.server);
  const names = [...new Set([...registered, ...byServer.keys(), ...breakers.map((b) => b.server)])];
  return names
    .map((server) => {
      const rows = byServer.get(server) ?? [];
      const errors = rows.filter(isFailure).length;
      const { p50, p95 } = summarize(latencies(rows));
      const stored = breakers.find((b) => b.server === server)?.state as { status?: ServerFigures["breaker"] } | undefined;
      return {
        server,
        calls: rows.length,
        errors,
        errorRate: ratio(errors, rows.length),
        latencyP50Ms: p50,
        latencyP95Ms: p95,
        breaker: stored?.status ?? "closed",
        history: events.filter((e) => e.server === server).map((e) => ({ at: e.at.toISOString(), from: e.from, to: e.to })),
      };
    })
    .sort((a, b) => b.errors - a.errors || b.calls - a.calls || a.server.localeCompare(b.server));
}
