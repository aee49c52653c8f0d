/**
 * OpenTelemetry traces of runs: a span per run, a span per step (from entering a state to leaving it) and a child span
 * per MCP call (from the transition that starts it to the one that records its outcome), with the times the engine
 * committed. Exported with OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise no provider is
 * registered and no observer is added, so tracing costs nothing.
 *
 * Spans live in this process's memory: a run resumed by another engine (or after a restart) gets a new run span there.
 */
import { context, trace, SpanKind, SpanStatusCode, type Span, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { callId, type PendingCall } from "../engine/core/types";
import type { EngineObserver, TransitionObserved } from "../engine/runtime/observer";
import type { VersionDirectory, VersionInfo } from "./versions";
import { getEnv } from "../env";

interface RunTrace {
  run: Span;
  step: { span: Span; stateId: string; visit: number } | null;
  calls: Map<string, Span>;
}

/** Runs traced at once at most; beyond, the oldest run's spans are ended (marked evicted). */
const MAX_RUNS = 10_000;

export function tracingObserver(tracer: Tracer, versions: VersionDirectory): EngineObserver {
  const runs = new Map<string, RunTrace>();
  return {
    transition(t) {
      versions.with(t.versionId, (v) => traceTransition(tracer, runs, v, t));
    },
  };
}

function traceTransition(tracer: Tracer, runs: Map<string, RunTrace>, v: VersionInfo, t: TransitionObserved): void {
  const state = t.result.state;
  let r = runs.get(t.runId);
  if (!r) {
    const run = tracer.startSpan(`run ${v.workflowName}`, {
      startTime: t.now,
      attributes: {
        "switchyard.run.id": t.runId,
        "switchyard.workflow.id": v.workflowId,
        "switchyard.workflow.name": v.workflowName,
        "switchyard.workflow.version": v.version,
        "switchyard.run.resumed": t.event.type !== "start",
      },
    });
    r = { run, step: null, calls: new Map() };
    runs.set(t.runId, r);
    if (runs.size > MAX_RUNS) evictOldest(runs, t.now);
  }
  if (t.completed) endCall(tracer, r, t.runId, t.completed, t.now);
  const current = state.current;
  const visit = current ? (state.visits[current] ?? 0) : 0;
  if (r.step && (r.step.stateId !== current || r.step.visit !== visit)) {
    const failed = state.error !== null && t.before.current === r.step.stateId && state.status !== "running";
    if (failed && state.error) r.step.span.setStatus({ code: SpanStatusCode.ERROR, message: state.error.message });
    r.step.span.end(t.now);
    r.step = null;
  }
  if (current && !r.step) {
    const parent = trace.setSpan(context.active(), r.run);
    const attributes = { "switchyard.run.id": t.runId, "switchyard.state.id": current, "switchyard.state.visit": visit };
    const span = tracer.startSpan(`step ${current}`, { startTime: t.now, attributes }, parent);
    r.step = { span, stateId: current, visit };
  }
  for (const c of t.result.commands) {
    if (c.type === "call_tool") startCall(tracer, r, c.call, t.runId, t.now);
    if (c.type === "run_finished") {
      r.step?.span.end(t.now);
      for (const span of r.calls.values()) span.end(t.now);
      r.run.setAttribute("switchyard.run.status", c.status);
      if (c.status !== "succeeded") r.run.setStatus({ code: SpanStatusCode.ERROR, message: state.failure?.message ?? c.status });
      r.run.end(t.now);
      runs.delete(t.runId);
    }
  }
}

function startCall(tracer: Tracer, r: RunTrace, call: PendingCall, runId: string, now: number): Span {
  const parent = trace.setSpan(context.active(), r.step && call.purpose === "step" ? r.step.span : r.run);
  const span = tracer.startSpan(
    `mcp ${call.server}/${call.tool}`,
    {
      kind: SpanKind.CLIENT,
      startTime: now,
      attributes: {
        "switchyard.run.id": runId,
        "switchyard.state.id": call.stateId,
        "switchyard.call.attempt": call.attempt,
        "switchyard.call.purpose": call.purpose,
        "mcp.server": call.server,
        "mcp.tool": call.tool,
        "mcp.idempotency_key": call.idempotencyKey,
      },
    },
    parent,
  );
  r.calls.set(callId(call), span);
  return span;
}

type Completed = NonNullable<TransitionObserved["completed"]>;

function endCall(tracer: Tracer, r: RunTrace, runId: string, { call, outcome }: Completed, now: number): void {
  const key = callId(call);
  // Started before this process traced the run (resumed after a restart): the span starts when the call did.
  const span = r.calls.get(key) ?? startCall(tracer, r, call, runId, now - latencyOf(outcome));
  r.calls.delete(key);
  span.setAttribute("switchyard.call.outcome", outcome.status);
  if (outcome.status !== "unknown" && outcome.status !== "refused") span.setAttribute("mcp.latency_ms", outcome.latencyMs);
  if (outcome.status === "failed") {
    span.setAttribute("error.type", outcome.error.kind);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
  } else if (outcome.status === "unknown") span.setStatus({ code: SpanStatusCode.ERROR, message: "outcome unknown" });
  span.end(now);
}

function latencyOf(outcome: Completed["outcome"]): number {
  return outcome.status === "unknown" || outcome.status === "refused" ? 0 : outcome.latencyMs;
}

function evictOldest(runs: Map<string, RunTrace>, now: number): void {
  const [oldest] = runs.keys();
  if (oldest === undefined) return;
  const r = runs.get(oldest);
  runs.delete(oldest);
  if (!r) return;
  r.step?.span.end(now);
  for (const span of r.calls.values()) span.end(now);
  r.run.setAttribute("switchyard.trace.evicted", true);
  r.run.end(now);
}

export interface Tracing {
  provider: TracerProvider;
  tracer: Tracer;
  shutdown(): Promise<void>;
}

/** A tracer provider exporting to `exporter` (by default OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_ENDPOINT). */
export function createTracing(
  options: { exporter?: SpanExporter; serviceName?: string; scheduledDelayMillis?: number } = {},
): Tracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName ?? getEnv().OTEL_SERVICE_NAME,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: options.exporter ?? new OTLPTraceExporter(),
        scheduledDelayMillis: options.scheduledDelayMillis ?? 2_000,
      }),
    ],
  });
  return { provider, tracer: provider.getTracer("switchyard"), shutdown: () => provider.shutdown() };
}

const globalForTracing = globalThis as unknown as { switchyardTracing?: Tracing | null };

/** The process's tracing, set up on first use when OTEL_EXPORTER_OTLP_ENDPOINT is set (null when it is not). */
export function getTracing(): Tracing | null {
  if (globalForTracing.switchyardTracing !== undefined) return globalForTracing.switchyardTracing;
  if (!getEnv().OTEL_EXPORTER_OTLP_ENDPOINT) {
    globalForTracing.switchyardTracing = null;
    return null;
  }
  const tracing = createTracing();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracing.provider);
  globalForTracing.switchyardTracing = tracing;
  return tracing;
}

export function getTracingObserver(versions: VersionDirectory): EngineObserver | undefined {
  const tracing = getTracing();
  return tracing ? tracingObserver(tracing.tracer, versions) : undefined;
}

/**
 * Forgets the process's tracing, so the next `getTracing()` reads OTEL_EXPORTER_OTLP_ENDPOINT again: for code that
 * changes it in a running process (integration test files share one process, like `resetEnv()`).
 */
export async function resetTracing(): Promise<void> {
  await globalForTracing.switchyardTracing?.shutdown();
  globalForTracing.switchyardTracing = undefined;
  trace.disable();
  context.disable();
}

/** Exports what is left (at shutdown). */
export async function shutdownTracing(): Promise<void> {
  await globalForTracing.switchyardTracing?.shutdown();
}
