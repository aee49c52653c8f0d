/**
 * Insights of agent steps' model calls: tokens, cost, latency and errors per model and per step (hence per workflow),
 * from the committed `model_done` transitions of the period's runs (the answer, its usage, latency and cost are in the
 * event). The transitions are found through the runs created in the period (Run.createdAt index, then the
 * Transition primary key), their event type tested in the database (SQLite json_extract, PostgreSQL ->>).
 */
import type { Db } from "../../db/client";
import { groupBy, summarize } from "./insights-stats";

export interface ModelFigures {
  provider: string;
  model: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  topErrors: { error: string; count: number }[];
}

export interface AgentStepFigures {
  workflowId: string;
  stateId: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface ModelCallFigures {
  models: ModelFigures[];
  steps: AgentStepFigures[];
  /** More model calls than the bound in the period: the figures are of the first ones read. */
  truncated: boolean;
}

type ModelDone = {
  callKey?: string;
  provider?: string;
  model?: string;
  ok?: boolean;
  costUsd?: number;
  answer?: { usage?: { inputTokens?: number; outputTokens?: number }; latencyMs?: number; modelId?: string };
  error?: { kind?: string; message?: string };
};

interface Call {
  workflowId: string;
  stateId: string;
  provider: string;
  model: string;
  ok: boolean;
  error: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number | null;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The agent step of a call key runId:stateId:visit:turn (run ids hold no ':'; a state id may). */
export function stateOfCallKey(callKey: string): string {
  const parts = callKey.split(":");
  return parts.length >= 4 ? parts.slice(1, -2).join(":") : "";
}

export function toCall(workflowId: string, event: ModelDone): Call {
  const usage = event.answer?.usage;
  return {
    workflowId,
    stateId: stateOfCallKey(event.callKey ?? ""),
    provider: event.provider ?? "(unknown)",
    model: event.model ?? event.answer?.modelId ?? "(unknown)",
    ok: event.ok === true,
    error: event.ok === true ? "" : `${event.error?.kind ?? "error"}: ${event.error?.message ?? "no message"}`,
    inputTokens: num(usage?.inputTokens),
    outputTokens: num(usage?.outputTokens),
    costUsd: num(event.costUsd),
    latencyMs: event.ok === true && typeof event.answer?.latencyMs === "number" ? event.answer.latencyMs : null,
  };
}

const SQL = {
  sqlite: `SELECT r."workflowId" AS "workflowId", t."event" AS "event" FROM "Run" r JOIN "Transition" t ON t."runId" = r."id"
    WHERE r."createdAt" >= ? AND json_extract(t."event", '$.type') = 'model_done' LIMIT ?`,
  postgresql: `SELECT r."workflowId" AS "workflowId", t."event" AS "event" FROM "Run" r JOIN "Transition" t ON t."runId" = r."id"
    WHERE r."createdAt" >= $1 AND t."event"->>'type' = 'model_done' LIMIT $2`,
};

export async function modelCallFigures(
  db: Db,
  provider: "sqlite" | "postgresql",
  since: number,
  maxRows: number,
): Promise<ModelCallFigures> {
  // SQLite stores times as ISO text (Prisma's adapter); PostgreSQL takes a timestamp.
  const from = provider === "sqlite" ? new Date(since).toISOString() : new Date(since);
  const rows = await db.$queryRawUnsafe<{ workflowId: string; event: unknown }[]>(SQL[provider], from, maxRows + 1);
  const calls = rows
    .slice(0, maxRows)
    .map((r) => toCall(r.workflowId, (typeof r.event === "string" ? JSON.parse(r.event) : r.event) as ModelDone));
  return { models: modelFigures(calls), steps: stepFigures(calls), truncated: rows.length > maxRows };
}

const sum = (calls: Call[], f: (c: Call) => number) => calls.reduce((s, c) => s + f(c), 0);

export function modelFigures(calls: Call[]): ModelFigures[] {
  return [...groupBy(calls, (c) => `${c.provider}\u0000${c.model}`).values()]
    .map((rows) => {
      const errors = rows.filter((c) => !c.ok);
      const { p50, p95 } = summarize(rows.flatMap((c) => (c.latencyMs === null ? [] : [c.latencyMs])));
      const counts = groupBy(errors, (c) => c.error);
      return {
        provider: rows[0]!.provider,
        model: rows[0]!.model,
        calls: rows.length,
        errors: errors.length,
        inputTokens: sum(rows, (c) => c.inputTokens),
        outputTokens: sum(rows, (c) => c.outputTokens),
        costUsd: sum(rows, (c) => c.costUsd),
        latencyP50Ms: p50,
        latencyP95Ms: p95,
        topErrors: [...counts.entries()]
          .map(([error, list]) => ({ error, count: list.length }))
          .sort((a, b) => b.count - a.count)
          .slice(0, 3),
      };
    })
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.model.localeCompare(b.model));
}

export function stepFigures(calls: Call[]): AgentStepFigures[] {
  return [...groupBy(calls, (c) => `${c.workflowId}\u0000${c.stateId}`).values()]
    .map((rows) => ({
      workflowId: rows[0]!.workflowId,
      stateId: rows[0]!.stateId,
      calls: rows.length,
      inputTokens: sum(rows, (c) => c.inputTokens),
      outputTokens: sum(rows, (c) => c.outputTokens),
      costUsd: sum(rows, (c) => c.costUsd),
    }))
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.stateId.localeCompare(b.stateId));
}
