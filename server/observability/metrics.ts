/**
 * Prometheus metrics (prom-client) of this process: counters and histograms fed by the engine's observer hook, and
 * gauges read from the database on each scrape (metrics-db.ts). One registry per process, on globalThis.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EngineObserver, TransitionObserved } from "../engine/runtime/observer";
import type { VersionDirectory } from "./versions";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(registry = new Registry()) {
  const registers = [registry];
  return {
    registry,
    transitions: new Counter({
      name: "switchyard_transitions_total",
      help: "Committed run transitions, by workflow, the state the event applied to, and event",
      labelNames: ["workflow", "state", "event"] as const,
      registers,
    }),
    stepOutcomes: new Counter({
      name: "switchyard_step_outcomes_total",
      help: "Completed step attempts, by workflow, state and outcome (succeeded, failed, unknown, breaker_refused: not called)",
      labelNames: ["workflow", "state", "outcome"] as const,
      registers,
    }),
    stepLatency: new Histogram({
      name: "switchyard_step_latency_seconds",
      help: "Latency of step attempts (their MCP call), by workflow and state",
      labelNames: ["workflow", "state"] as const,
      buckets: SECONDS,
      registers,
    }),
    mcpLatency: new Histogram({
      name: "switchyard_mcp_call_duration_seconds",
      help: "MCP tool call duration as the executor saw it, by server and tool",
      labelNames: ["server", "tool"] as const,
      buckets: SECONDS,
      registers,
    }),
    mcpErrors: new Counter({
      name: "switchyard_mcp_call_errors_total",
      help: "Failed MCP tool calls, by server, tool and error kind",
      labelNames: ["server", "tool", "kind"] as const,
      registers,
    }),
    modelCalls: new Counter({
      name: "switchyard_model_calls_total",
      help: "Model calls of agent steps answered, by workflow, provider, model and outcome (ok or the error kind)",
      labelNames: ["workflow", "provider", "model", "outcome"] as const,
      registers,
    }),
    modelTokens: new Counter({
      name: "switchyard_model_tokens_total",
      help: "Tokens of model calls of agent steps, by workflow, provider, model and direction (input, output)",
      labelNames: ["workflow", "provider", "model", "direction"] as const,
      registers,
    }),
    modelCost: new Counter({
      name: "switchyard_model_cost_usd_total",
      help: "Cost of model calls of agent steps in US dollars (the model's configured prices), by workflow, provider and model",
      labelNames: ["workflow", "provider", "model"] as const,
      registers,
    }),
    modelLatency: new Histogram({
      name: "switchyard_model_call_duration_seconds",
      help: "Duration of answered model calls of agent steps, by provider and model",
      labelNames: ["provider", "model"] as const,
      buckets: SECONDS,
      registers,
    }),
    breakerChanges: new Counter({
      name: "switchyard_breaker_changes_total",
      help: "Circuit breaker status changes made by this process, by server and new status",
      labelNames: ["server", "to"] as const,
      registers,
    }),
    breakerState: new Gauge({
      name: "switchyard_breaker_state",
      help: "Circuit breaker status per MCP server (0 closed, 1 half-open, 2 open), as stored",
      labelNames: ["server"] as const,
      registers,
    }),
    openEscalations: new Gauge({
      name: "switchyard_open_escalations",
      help: "Escalations waiting for a person (open or claimed), by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    stuckRuns: new Gauge({
      name: "switchyard_stuck_runs",
      help: "Runs with an active stuck alert, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    runs: new Gauge({
      name: "switchyard_runs",
      help: "Runs by status",
      labelNames: ["status"] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: "switchyard_queue_depth",
      help: "Runs queued and not started yet",
      registers,
    }),
    leases: new Gauge({
      name: "switchyard_leases",
      help: "Runs leased (lease not expired) per worker",
      labelNames: ["worker"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { switchyardMetrics?: Metrics };

export function getMetrics(): Metrics {
  globalForMetrics.switchyardMetrics ??= createMetrics();
  return globalForMetrics.switchyardMetrics;
}

/**
 * Refused by an open breaker, the run waiting for it: no call was made, and the same attempt (same number, same
 * StepAttempt row) is made again after the cool-down. Not an outcome of the attempt.
 */
export function refusedForNow(t: TransitionObserved): boolean {
  return t.event.type === "breaker_open" && t.result.state.pending?.type === "timer";
}

/** A model call's answer or failure, committed (an answer for a call no longer pending is ignored by the core). */
function modelCall(m: Metrics, workflow: string, t: TransitionObserved): void {
  const e = t.event;
  const pending = t.before.pending;
  if (e.type !== "model_done" || t.result.ignored || pending?.type !== "model") return;
  const labels = {
    workflow,
    provider: e.provider ?? pending.provider ?? "unknown",
    model: e.model ?? pending.model ?? "unknown",
  };
  m.modelCalls.inc({ ...labels, outcome: e.ok ? "ok" : e.error.kind });
  if (!e.ok) return;
  m.modelTokens.inc({ ...labels, direction: "input" }, e.answer.usage.inputTokens);
  m.modelTokens.inc({ ...labels, direction: "output" }, e.answer.usage.outputTokens);
  m.modelCost.inc(labels, e.costUsd);
  m.modelLatency.observe({ provider: labels.provider, model: labels.model }, e.answer.latencyMs / 1000);
}

export const BREAKER_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Counters and histograms from each committed transition. */
export function metricsObserver(m: Metrics, versions: VersionDirectory): EngineObserver {
  return {
    transition(t) {
      versions.with(t.versionId, (v) => {
        const workflow = v.workflowId;
        const state = t.before.current ?? t.result.state.current ?? "";
        m.transitions.inc({ workflow, state, event: t.event.type });
        modelCall(m, workflow, t);
        const done = t.completed;
        if (!done) return;
        const { call, outcome } = done;
        const refused = refusedForNow(t);
        if (call.purpose === "step")
          m.stepOutcomes.inc({
            workflow,
            state: call.stateId,
            outcome: refused || outcome.status === "refused" ? "breaker_refused" : outcome.status,
          });
        if (refused || outcome.status === "unknown" || outcome.status === "refused") return;
        const seconds = outcome.latencyMs / 1000;
        if (call.purpose === "step") m.stepLatency.observe({ workflow, state: call.stateId }, seconds);
        if (outcome.status === "succeeded" && outcome.fromCache) return;
        m.mcpLatency.observe({ server: call.server, tool: call.tool }, seconds);
        if (outcome.status === "failed") m.mcpErrors.inc({ server: call.server, tool: call.tool, kind: outcome.error.kind });
      });
    },
    breakerChanged(c) {
      m.breakerChanges.inc({ server: c.server, to: c.to });
      m.breakerState.set({ server: c.server }, BREAKER_VALUE[c.to]);
    },
  };
}
