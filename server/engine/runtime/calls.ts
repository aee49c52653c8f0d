/**
 * Making tool calls for runs: the circuit breaker of the server first, then
 * the call with its timeout, cancellation and idempotency key; the outcome
 * goes back to the engine as an event.
 */
import { progressTotalLimitMs } from "@/lib/mcp/call-limits";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { callId, type PendingCall, type RunEvent, type StepError } from "../core/types";
import { admit, CLOSED, DEFAULT_BREAKER, record, setByHand, type BreakerConfig, type BreakerState } from "../core/breaker";
import type { AttemptOutcome, Clock, RunStore, ToolCallOptions, ToolPort } from "./ports";
import type { BreakerChange } from "./observer";
import type { CallSlots } from "./call-slots";
import { boundedMessage, type CallProgress } from "@/lib/runs/call-progress";
import { CallLogBook } from "@/lib/runs/server-logs";

/** One configuration for every server, or a server's own (the registry's settings, with the default for the rest). */
export type BreakerSource = BreakerConfig | ((server: string) => BreakerConfig | Promise<BreakerConfig>);

type Deliver = (runId: string, event: RunEvent, outcome: AttemptOutcome | undefined) => Promise<unknown>;

export class CallRunner {
  private readonly inFlight = new Map<string, AbortController>();
  /** Calls being made (until their outcome is delivered), for Engine.idle. */
  private readonly running = new Map<Promise<void>, string>();
  /** Breaker updates for one server are serialized in this process. */
  private readonly breakerLocks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: RunStore,
    private readonly tools: ToolPort,
    private readonly clock: Clock,
    private readonly deliver: Deliver,
    private readonly breaker: BreakerSource = DEFAULT_BREAKER,
    private readonly onBreakerChange?: ((change: BreakerChange) => void) | undefined,
    private readonly slots: CallSlots | null = null,
    /** A call's progress and task status as they come (live views). */
    private readonly onProgress?: ((runId: string, progress: CallProgress) => void) | undefined,
  ) {}

  start(runId: string, call: PendingCall, timeoutMs: number): void {
    const controller = new AbortController();
    this.inFlight.get(runId)?.abort();
    this.inFlight.set(runId, controller);
    const running = this.run(runId, call, timeoutMs, controller).finally(() => {
      if (this.inFlight.get(runId) === controller) this.inFlight.delete(runId);
      this.running.delete(running);
    });
    this.running.set(running, runId);
  }

  /** The calls being made, each until its outcome is delivered (but those of runs `skip` says to leave out). */
  busy(skip: (runId: string) => boolean = () => false): Promise<void>[] {
    return [...this.running].filter(([, runId]) => !skip(runId)).map(([call]) => call);
  }

  private settled(runId: string, controller: AbortController): void {
    if (this.inFlight.get(runId) === controller) this.inFlight.delete(runId);
  }

  /** Runs with a call in flight in this process. */
  runIds(): string[] {
    return [...this.inFlight.keys()];
  }

  cancel(runId: string): void {
    this.inFlight.get(runId)?.abort();
    this.inFlight.delete(runId);
  }

  cancelAll(): void {
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
  }

  async isIdempotent(definition: WorkflowDefinition, call: PendingCall): Promise<boolean> {
    const state = definition.states[call.stateId];
    if (state?.type === "tool" && state.idempotent !== undefined) return state.idempotent;
    const a = await this.tools.annotations(call.server, call.tool);
    return a.idempotent || a.readOnly;
  }

  private async run(runId: string, call: PendingCall, timeoutMs: number, controller: AbortController): Promise<void> {
    const cfg = typeof this.breaker === "function" ? await this.breaker(call.server) : this.breaker;
    const admission = await this.updateBreaker(call.server, (b) => {
      const { admission: value, next } = admit(b, this.clock.now(), cfg);
      return { next, value };
    });
    if (!admission.allow) {
      const readOnly = (await this.tools.annotations(call.server, call.tool)).readOnly;
      const cached = readOnly ? await this.store.cachedResult(call.server, call.tool, call.args) : null;
      const refusal = {
        kind: "breaker_open" as const,
        message: `Refused by the circuit breaker of "${call.server}" (open): no call was made; it may try again at ${new Date(admission.retryAt).toISOString()}`,
        retryable: true,
      };
      // A refusal is not a failed call: the attempt is recorded as refused, with no latency (the run's step decides
      // whether it waits, escalates or uses the cached result).
      const outcome: AttemptOutcome = { status: "refused", error: refusal };
      await this.deliver(
        runId,
        { type: "breaker_open", retryAt: admission.retryAt, cached: cached ?? undefined, callId: callId(call) },
        outcome,
      );
      return;
    }
    const started = performance.now();
    let release: (() => Promise<void>) | null = null;
    // What the server logs during the call goes with its outcome into the transition log (the run's timeline).
    const logs = new CallLogBook();
    try {
      // A server with a limit on calls in flight: wait for a free slot (queued, not failed).
      // The slot's lease outlasts the call, also one that progress notifications keep alive up to its total limit.
      const lease = progressTotalLimitMs(timeoutMs) + 10_000;
      release = (await this.slots?.acquire(call.server, callId(call), lease, controller.signal)) ?? null;
      const ref = { runId, stateId: call.stateId, visit: call.visit, attempt: call.attempt, purpose: call.purpose };
      const { result, latencyMs } = await this.tools.call(call.server, call.tool, call.args, {
        timeoutMs,
        signal: controller.signal,
        idempotencyKey: call.idempotencyKey,
        // Durably noted before the request leaves: after a crash, an attempt without it was never sent.
        beforeSend: () => this.store.markSent?.(ref, this.clock.now()) ?? Promise.resolve(),
        // A task is committed with the run before anyone waits for it: after a crash it is waited for, not called again.
        // Not committed (the write failed, or the run no longer waits for this call): the tool port cancels the task
        // on the server and fails the call as task_lost, so the outcome is unknown and a person decides.
        onTask: async (task) => {
          const recorded = await this.deliver(runId, { type: "call_task_created", task, callId: callId(call) }, undefined);
          const ignored = (recorded as { ignored?: string } | null)?.ignored;
          if (!recorded || ignored) throw new Error(`the run did not take it: ${ignored ?? "its state moved on"}`);
        },
        resumeTask: call.task,
        ...(call.acceptInvalidOutput ? { validateOutput: false } : {}),
        onLog: (log) => logs.add(log, this.clock.now()),
        ...this.progressReports(runId, call),
      });
      // The call is over: aborting this controller later must not send the server a cancellation.
      this.settled(runId, controller);
      await release?.().catch(() => undefined);
      release = null;
      await this.updateBreaker(call.server, (b) => ({ next: record(b, { ok: true }, this.clock.now(), cfg), value: null }));
      await this.deliver(
        runId,
        { type: "call_succeeded", result, callId: callId(call), ...withLogs(logs) },
        { status: "succeeded", output: result, latencyMs, fromCache: false },
      );
    } catch (err) {
      await release?.().catch(() => undefined);
      if (controller.signal.aborted) return; // Cancelled by the run (or shutdown): no event.
      this.settled(runId, controller);
      if ((err as { kind?: unknown }).kind === "task_lost") {
        // The server no longer knows the call's task: whether the tool did its work is unknown, so a person decides.
        await this.deliver(runId, { type: "call_outcome_unknown", callId: callId(call) }, { status: "unknown" });
        return;
      }
      const error = toStepError(err);
      // Every answer is judged by the server's settings: by default only unavailability counts as a failure.
      const outcome = { ok: false as const, kind: error.kind, message: error.message.slice(0, 300) };
      await this.updateBreaker(call.server, (b) => ({ next: record(b, outcome, this.clock.now(), cfg), value: null }));
      await this.deliver(
        runId,
        { type: "call_failed", error, callId: callId(call), ...withLogs(logs) },
        { status: "failed", error, latencyMs: performance.now() - started },
      );
    }
  }

  /** Progress and task status of a call, merged into one live picture per call (only when someone listens). */
  private progressReports(runId: string, call: PendingCall): Pick<ToolCallOptions, "onProgress" | "onTaskStatus"> {
    const report = this.onProgress;
    if (!report) return {};
    let latest: CallProgress = { stateId: call.stateId, attempt: call.attempt, at: this.clock.now() };
    const send = (next: Partial<CallProgress>) => {
      latest = { ...latest, ...next, at: this.clock.now() };
      report(runId, latest);
    };
    return {
      onProgress: (p) => send({ progress: p.progress, total: p.total, message: boundedMessage(p.message) }),
      onTaskStatus: (s) => send({ task: { taskId: s.taskId, status: s.status, message: boundedMessage(s.message) } }),
    };
  }

  /** An admin opens or closes a server's breaker by hand; every engine on the database adopts it within a second. */
  async setBreakerByHand(server: string, to: "open" | "closed", by: string): Promise<BreakerState> {
    return this.updateBreaker(server, (b) => {
      const next = setByHand(b, to, by, this.clock.now());
      return { next, value: next };
    });
  }

  /** Reads, updates and saves a server's breaker, one update at a time per server in this process. */
  private async updateBreaker<T>(server: string, f: (b: BreakerState) => { next: BreakerState; value: T }): Promise<T> {
    const previous = this.breakerLocks.get(server) ?? Promise.resolve();
    const task = previous.then(async () => {
      const current = (await this.store.loadBreaker(server)) ?? CLOSED;
      const { next, value } = f(current);
      if (next !== current) await this.store.saveBreaker(server, next);
      if (next.status !== current.status)
        this.onBreakerChange?.({ server, from: current.status, to: next.status, state: next, at: this.clock.now() });
      return value;
    });
    this.breakerLocks.set(
      server,
      task.catch(() => undefined),
    );
    return task;
  }
}

function toStepError(err: unknown): StepError {
  const e = err as { kind?: unknown; message?: unknown; retryable?: unknown };
  const kind = typeof e.kind === "string" ? e.kind : "protocol_error";
  return {
    kind: (kind === "cancelled" ? "timeout" : kind) as StepError["kind"],
    message: typeof e.message === "string" ? e.message : String(err),
    retryable: typeof e.retryable === "boolean" ? e.retryable : false,
  };
}

function withLogs(book: CallLogBook): { logs?: ReturnType<CallLogBook["list"]> } {
  const logs = book.list();
  return logs ? { logs } : {};
}
