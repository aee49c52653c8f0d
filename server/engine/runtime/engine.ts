/**
 * The runtime: applies events to runs through the pure core, persists each
 * transition in ONE transaction, and only then carries out the commands
 * (calls, timers, escalations). Events for one run are applied one at a time;
 * many runs progress concurrently. Waiting runs hold no memory: they live in
 * the database and come back through timers, people and recovery.
 */
import { step, initialState } from "../core/step";
import {
  callId,
  type LogEvent,
  type Command,
  type PendingCall,
  type RunEvent,
  type StepError,
  type StepResult,
} from "../core/types";
import type { AttemptOutcome, AuditRow, Claim, Clock, NewRun, RunStore, StoredRun, ToolPort } from "./ports";
import { CallRunner, type BreakerSource } from "./calls";
import { Poller } from "./poller";
import { DEFAULT_RESULT_BUDGET_BYTES, externalize, isBlobRef, type BlobPort } from "./large-results";
import { AgentStoredResults, type SavedResult } from "./agent-stored";
import { safely, type EngineObserver } from "./observer";
import type { EventStore } from "./event-ports";
import { EventCoordinator } from "./event-coordinator";
import type { LockStore } from "./lock-ports";
import { LockCoordinator } from "./lock-coordinator";
import type { SharedStore } from "./shared-ports";
import type { ModelPort } from "./agent-ports";
import type { CallSlots } from "./call-slots";
import { ChildRuns, type ChildRunPort } from "./child-runs";
import { boundedMemo } from "./memo";
import { scopedDefinition } from "../core/children";
import type { CallProgress } from "@/lib/runs/call-progress";

export interface EngineOptions {
  store: RunStore;
  tools: ToolPort;
  clock: Clock;
  log?: (message: string) => void;
  /** How often queued runs, due timers and overdue escalations are looked for (ms). */
  pollMs?: number;
  /** This engine's name in leases. */
  workerId?: string;
  /**
   * How long a run with a call in flight stays with this engine without a heartbeat (ms). Other engines resume it after
   * that. A single engine on its own database (embedded SQLite) takes over every run at start-up instead.
   */
  leaseMs?: number;
  /** Several engines share the database (PostgreSQL workers): recover only runs whose lease expired. */
  shared?: boolean;
  /** Circuit breaker thresholds, one for all or per MCP server: by default 30% failures over the last 10 calls, 30 s cool-down. */
  breaker?: BreakerSource;
  /** Where step results over the size budget are stored (large-results.ts); without it every result is recorded inline. */
  blobs?: BlobPort;
  /** The size budget of a recorded step result (bytes of JSON); 64 KB by default. */
  resultBudgetBytes?: number;
  /** Told of every committed transition and breaker change (logs, metrics, traces). */
  observer?: EngineObserver | undefined;
  /** The event log and event waits (emit and waitForEvent steps); without it those steps' commands are not carried out. */
  events?: EventStore;
  /** Named locks (lock and unlock steps); without it those steps' commands are not carried out. */
  locks?: LockStore;
  /** Shared values (sharedValue steps). */
  sharedValues?: SharedStore;
  /** Limits on calls in flight per MCP server, shared by every worker. */
  callSlots?: CallSlots;
  /** Model calls of agent steps; without it an agent step waits for its re-issue timer. */
  models?: ModelPort;
  /**
   * Whether a server honours idempotency keys (a repeated key does not repeat the operation): after a crash its calls
   * are re-sent with the same key instead of asking a person. None by default.
   */
  honoursKeys?: (server: string) => boolean | Promise<boolean>;
  /** Branch and item runs of parallel and map steps; without it those steps wait. */
  childRuns?: ChildRunPort;
  /** How large a map's collected results may be (JSON bytes; default 8 MB): more fails the step, result_too_large. */
  maxMapResultsBytes?: number;
}

/** A run to create: a published version and validated input (a re-run: its seed, parent and first step). */
export interface NewRunInput {
  workflowId: string;
  versionId: string;
  input: unknown;
  runId?: string | undefined;
  rerun?: NewRun["rerun"];
}

/** The escalation an event resolves (the write is refused when someone resolved it first). */
export interface Resolves {
  id: string;
  by: string;
  resolution: unknown;
}

export class Engine {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly calls: CallRunner;
  private readonly poller: Poller;
  private readonly events: EventCoordinator | null;
  private readonly locks: LockCoordinator | null;
  private unwake: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private lastRecovery = 0;
  readonly workerId: string;
  private stopped = false;
  private readonly listeners = new Set<(runId: string, result: StepResult) => void>();
  private readonly progressListeners = new Set<(runId: string, progress: CallProgress) => void>();
  private readonly pollTasks: (() => Promise<void>)[] = [];
  /** Work started after a commit and not awaited by it (model calls, shared values, timers fired from memory). */
  private readonly background = new Set<Promise<unknown>>();
  /** Runs with a model call in flight in this process (their leases are renewed like those of tool calls). */
  private readonly modelCalls = new Set<string>();
  private readonly children: ChildRuns;
  /** A map's list, evaluated once per visit of its step (runtime/memo.ts). */
  private readonly memo = boundedMemo();
  /** Agent steps' stored tool results, kept in RunBlob rows rather than the run's state (none without a blob port). */
  private readonly agentResults: AgentStoredResults | null;

  constructor(private readonly options: EngineOptions) {
    this.workerId = options.workerId ?? options.clock.newId("worker");
    this.agentResults = options.blobs ? new AgentStoredResults(options.blobs) : null;
    const deliver = (runId: string, event: RunEvent, outcome: AttemptOutcome | undefined) => this.deliver(runId, event, outcome);
    this.calls = new CallRunner(
      options.store,
      options.tools,
      options.clock,
      deliver,
      options.breaker,
      (change) =>
        safely(
          () => options.observer?.breakerChanged?.(change),
          (e) => this.log(e),
        ),
      options.callSlots ?? null,
      (runId, progress) => {
        for (const listener of this.progressListeners)
          safely(
            () => listener(runId, progress),
            (e) => this.log(e),
          );
      },
    );
    this.children = new ChildRuns(
      options.store,
      options.childRuns ?? null,
      options.clock,
      (runId, event) => this.deliver(runId, event),
      (e) => this.log(e),
      options.maxMapResultsBytes,
    );
    this.poller = new Poller(
      () => this.pollOnce(),
      options.pollMs ?? 250,
      (err) => this.log(err),
    );
    this.events = options.events
      ? new EventCoordinator({
          store: options.events,
          deliver: (runId, event) => this.deliver(runId, event),
          runSeq: async (runId) => (await options.store.loadRun(runId))?.seq ?? null,
          now: () => options.clock.now(),
          log: (err) => this.log(err),
          published: () => this.poller.wake(),
        })
      : null;
    this.locks = options.locks
      ? new LockCoordinator({
          store: options.locks,
          deliver: (runId, event) => this.deliver(runId, event),
          now: () => options.clock.now(),
          leaseMs: () => this.leaseMs(),
          log: (err) => this.log(err),
        })
      : null;
  }

  /** Creates a run of a published version, queued: whichever engine polls first starts it. The input must already be validated. */
  async enqueueRun(run: NewRunInput): Promise<string> {
    const runId = run.runId ?? this.options.clock.newId("run");
    if (!(await this.options.store.createRun(this.newRun(runId, run)))) throw new Error(`Run ${runId} could not be created`);
    return runId;
  }

  /**
   * A trigger's delivery: a queued run recorded with the delivery (one transaction); null when the delivery was already
   * recorded (nothing is created).
   */
  async enqueueFiring(run: NewRunInput, firing: NonNullable<NewRun["firing"]>): Promise<string | null> {
    const runId = run.runId ?? this.options.clock.newId("run");
    return (await this.options.store.createRun({ ...this.newRun(runId, run), firing })) ? runId : null;
  }

  /**
   * Creates a run and starts it in this process at once: the run's row and its first transition are ONE commit (one
   * fsync; no wake-up for other engines, the run is this engine's from the start).
   */
  async startRun(run: NewRunInput): Promise<string> {
    const runId = run.runId ?? this.options.clock.newId("run");
    const fresh = this.newRun(runId, run);
    const definition = await this.options.store.loadDefinition(run.versionId);
    const stored: StoredRun = { id: runId, versionId: run.versionId, seq: 0, state: fresh.state, definition };
    await this.enqueue(runId, () => this.apply(runId, { type: "start", input: run.input }, {}, { run: stored, create: fresh }));
    return runId;
  }

  private newRun(runId: string, run: NewRunInput): NewRun {
    const { workflowId, versionId, input, rerun } = run;
    const state = rerun ? rerun.seed : initialState(runId, input);
    return { id: runId, workflowId, versionId, input, state, now: this.options.clock.now(), ...(rerun ? { rerun } : {}) };
  }

  /**
   * Applies an event to a run (queued behind the run's other events). A person's decision comes with the escalation it
   * resolves and its audit row: both are written in the transition's transaction, or not at all.
   */
  deliver(
    runId: string,
    event: RunEvent,
    outcome?: AttemptOutcome,
    resolves?: Resolves,
    audit?: AuditRow,
  ): Promise<StepResult | null> {
    return this.enqueue(runId, () => this.apply(runId, event, { outcome, resolves, audit }));
  }

  private enqueue<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(runId) ?? Promise.resolve();
    const next = previous.then(work);
    const settled = next.catch(() => undefined);
    this.queues.set(runId, settled);
    void settled.then(() => {
      if (this.queues.get(runId) === settled) this.queues.delete(runId);
    });
    return next;
  }

  /** Called with each progress report and task status of a call this engine makes (live views; never stored). */
  onCallProgress(listener: (runId: string, progress: CallProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Called with every committed transition (live views, tests). */
  onTransition(listener: (runId: string, result: StepResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async apply(
    runId: string,
    event: RunEvent,
    {
      outcome,
      resolves,
      audit,
    }: { outcome?: AttemptOutcome | undefined; resolves?: Resolves | undefined; audit?: AuditRow | undefined },
    fresh?: { run: StoredRun; create: NewRun },
  ): Promise<StepResult | null> {
    const { store, clock } = this.options;
    for (let tries = 0; tries < 5; tries++) {
      const loaded = tries === 0 && fresh ? fresh.run : await store.loadRun(runId);
      if (!loaded) throw new Error(`Run ${runId} does not exist`);
      const run = this.agentResults ? { ...loaded, state: await this.agentResults.hydrate(runId, loaded.state) } : loaded;
      const result = await step(run.definition, run.state, event, {
        now: clock.now(),
        newId: (p) => clock.newId(p),
        random: () => clock.random(),
        memo: this.memo,
      });
      if (result.ignored && fresh) {
        await store.createRun(fresh.create); // Not startable here: queued like any other run.
        return result;
      }
      if (result.ignored) {
        store.forget?.(runId);
        // Remembered state may be behind the database (a lease lost unnoticed): decide again on what is stored.
        if (run.fromMemory) continue;
        return result;
      }
      // The step saw the whole result; a large one is recorded apart, by reference.
      const recorded = await this.record(runId, run, event, cacheUsed(event, result) ?? outcome);
      const completedAttempt = completed(run, recorded.event, recorded.outcome);
      await this.events?.beforeCommit(runId, result.commands, run.seq + 1, clock.now());
      await this.locks?.beforeCommit(runId, result.commands, run.seq + 1, clock.now());
      const committed = await store.commit({
        runId,
        create: fresh?.create,
        expectedSeq: run.seq,
        event: recorded.event,
        state: this.agentResults
          ? await this.agentResults.dehydrate(runId, result.state, savedApart(event, recorded.event))
          : result.state,
        commands: result.commands,
        now: clock.now(),
        completedAttempt,
        startedAttempts: result.commands.flatMap((c) => (c.type === "call_tool" ? [c.call] : [])),
        escalations: result.commands.flatMap((c) => (c.type === "open_escalation" ? [c.escalation] : [])),
        resolvesEscalation: resolves ? { ...resolves, status: "resolved" } : undefined,
        audit,
        lease: { owner: this.workerId, until: clock.now() + this.leaseMs() },
      });
      if (!committed) {
        if (fresh) throw new Error(`Run ${runId} could not be created`);
        if (resolves) return null; // Someone else resolved it first: nothing happens.
        continue; // Another writer moved the run: reload and apply again.
      }
      for (const listener of this.listeners) listener(runId, result);
      const observer = this.options.observer;
      if (observer?.transition) {
        const t = { runId, versionId: run.versionId, seq: run.seq + 1, before: run.state, event, result };
        safely(
          () => observer.transition?.({ ...t, completed: completedAttempt, now: clock.now() }),
          (e) => this.log(e),
        );
      }
      this.events?.afterCommit(runId, run.state, result);
      this.locks?.afterCommit(runId, run.state, result);
      this.carryOut(runId, result.commands, run.versionId);
      this.children.finished(runId, result.state);
      return result;
    }
    throw new Error(`Run ${runId} kept changing under us; the event was not applied`);
  }

  private record(runId: string, run: StoredRun, event: RunEvent, outcome: AttemptOutcome | undefined) {
    const { blobs, resultBudgetBytes, clock } = this.options;
    if (!blobs) return { event, outcome };
    const call = run.state.pending?.type === "call" ? run.state.pending : undefined;
    const budget = resultBudgetBytes ?? DEFAULT_RESULT_BUDGET_BYTES;
    return externalize(runId, call, event, outcome, { budget, port: blobs, newId: (p) => clock.newId(p) });
  }

  private carryOut(runId: string, commands: Command[], versionId: string): void {
    if (this.stopped) return;
    for (const command of commands) {
      switch (command.type) {
        case "call_tool":
          this.calls.start(runId, command.call, command.timeoutMs);
          break;
        case "cancel_call":
          this.calls.cancel(runId);
          break;
        case "schedule_timer": {
          // The timer is a row (wakeAt); a short one is also fired from memory, to be prompt.
          const delay = command.timer.wakeAt - this.options.clock.now();
          if (delay < (this.options.pollMs ?? 250) * 4) {
            const fire = () => {
              if (this.stopped) return;
              const fired = this.deliver(runId, { type: "timer_fired", timerId: command.timer.timerId });
              this.track(fired.catch((e: unknown) => this.log(e)));
            };
            setTimeout(fire, Math.max(0, delay)).unref();
          }
          break;
        }
        case "open_escalation":
        case "run_finished":
        case "emit_event":
        case "wait_for_event":
        case "acquire_lock":
        case "release_locks":
          break;
        case "shared_op":
          this.track(this.runShared(runId, command.op));
          break;
        case "call_model":
          this.track(this.runModel(runId, command.call));
          break;
        case "start_children":
          this.track(this.children.start(runId, versionId, command.children));
          break;
        case "cancel_children":
          this.children.cancel(command.runIds, command.afterCall);
          break;
        case "collect_children":
          this.track(
            this.children.collect(runId, command.prefix, command.total, command.attempts).catch((e: unknown) => this.log(e)),
          );
          break;
      }
    }
  }

  private track(work: Promise<unknown>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /**
   * Resolves when nothing is left to do now: no event being applied, no call or model call being made, nothing started
   * after a commit still running (a timer set for later is not work to wait for). Tests await it instead of sleeping;
   * `waiting(runId)`: the run's call is held on purpose (a test answers it later), so it is not waited for.
   */
  async idle(waiting?: (runId: string) => boolean): Promise<void> {
    for (;;) {
      const busy = [...this.queues.values(), ...this.calls.busy(waiting), ...this.background];
      if (busy.length === 0) return;
      // A call may become held while awaited: with `waiting`, look again on the next turn of the event loop.
      const turn = waiting ? [new Promise<void>((resolve) => setImmediate(resolve))] : [];
      await Promise.race([Promise.allSettled(busy), ...turn]);
    }
  }

  /** Starts the background work: recovery of interrupted runs, then polling for due timers and SLAs. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.recover(this.options.shared ? this.options.clock.now() : undefined);
    this.lastRecovery = this.options.clock.now();
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(100, this.leaseMs() / 3));
    this.heartbeat.unref();
    this.poller.start();
    // Woken by other engines (PostgreSQL LISTEN/NOTIFY on new runs); the polling stays as the safety net.
    this.unwake = this.options.store.onWake?.(() => this.poller.wake()) ?? null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poller.stop();
    this.unwake?.();
    this.unwake = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.calls.cancelAll();
    await Promise.allSettled([...this.queues.values()]);
    await this.options.store.close?.();
  }

  /** Fires due timers and SLA expiries. */
  async pollOnce(): Promise<void> {
    const { store, clock } = this.options;
    const now = clock.now();
    for (const task of this.pollTasks) await task().catch((e: unknown) => this.log(e));
    // A bounded batch per tick: starting hundreds at once would only queue them for database connections.
    const queued = await store.queuedRuns(20, this.claim(now));
    await Promise.all(
      queued.map((q) => this.deliver(q.runId, { type: "start", input: q.input }).catch((e: unknown) => this.log(e))),
    );
    await this.events?.poll();
    await this.locks?.poll();
    const timers = await store.dueTimers(now, 100);
    await Promise.all(
      timers.map((t) => this.deliver(t.runId, { type: "timer_fired", timerId: t.timerId }).catch((e: unknown) => this.log(e))),
    );
    // With other engines on the database, take over the runs of those that died.
    if (this.options.shared && now - this.lastRecovery > this.leaseMs() / 2) {
      this.lastRecovery = now;
      await this.recover(now);
    }
    for (const e of await store.overdueEscalations(now, 100)) {
      const result = await this.deliver(e.runId, { type: "human_timed_out", escalationId: e.escalationId }, undefined, {
        id: e.escalationId,
        by: "sla",
        resolution: { timedOut: true },
      }).catch((err: unknown) => this.log(err));
      // No timeout route: the escalation stays with the person, marked expired.
      if (result?.ignored) await store.markEscalationExpired(e.escalationId, now);
    }
  }

  /** Work done on every poll before queued runs are started (e.g. triggers creating runs); errors are logged. */
  addPollTask(task: () => Promise<void>): void {
    this.pollTasks.push(task);
  }

  /** Reads or compare-and-sets a shared value and delivers the outcome (the op's timer sends it again if this fails). */
  private async runShared(runId: string, op: Extract<Command, { type: "shared_op" }>["op"]): Promise<void> {
    const store = this.options.sharedValues;
    if (!store) return this.log(`Run ${runId}: no shared value store; "${op.stateId}" waits for its timer`);
    try {
      const outcome = await store.apply(op);
      await this.deliver(runId, { type: "shared_done", opId: op.opId, ...outcome });
    } catch (err) {
      this.log(err);
    }
  }

  /** Calls the model for an agent step and delivers its answer (the pending call's timer calls again if this engine dies). */
  private async runModel(runId: string, call: Extract<Command, { type: "call_model" }>["call"]): Promise<void> {
    const models = this.options.models;
    if (!models) return this.log(`Run ${runId}: no model port; "${call.stateId}" waits for its timer`);
    this.modelCalls.add(runId);
    try {
      const outcome = await models.call(runId, call, AbortSignal.timeout(call.timeoutMs + 1000));
      this.modelCalls.delete(runId);
      const { callKey, provider, model } = call;
      await this.deliver(runId, { type: "model_done", callKey, provider, model, ...outcome });
    } catch (err) {
      this.log(err);
    } finally {
      this.modelCalls.delete(runId);
    }
  }

  /** An admin opens or closes a server's circuit breaker by hand (the caller audits it). */
  setBreaker(server: string, to: "open" | "closed", by: string) {
    return this.calls.setBreakerByHand(server, to, by);
  }

  /** Polls at once (e.g. after an event was published in this process). */
  wake(): void {
    this.poller.wake();
  }

  /** Appends events to the log (an id already there is skipped) and offers them to waiting runs at once; returns the new ids. */
  async publishEvents(events: LogEvent[]): Promise<string[]> {
    if (!this.options.events) throw new Error("This engine has no event store");
    const added = await this.options.events.publish(events);
    if (added.length > 0) this.poller.wake();
    return added;
  }

  /** An event of the log by its id (null when none was published with it). */
  eventById(id: string): Promise<LogEvent | null> {
    if (!this.options.events) throw new Error("This engine has no event store");
    return this.options.events.get(id);
  }

  /** Rows claimed by this engine are leased to it for a lease's time. */
  private claim(now: number): Claim {
    return { owner: this.workerId, until: now + this.leaseMs(), now };
  }

  private leaseMs(): number {
    return this.options.leaseMs ?? 10_000;
  }

  private async renewLeases(): Promise<void> {
    try {
      const runIds = [...this.calls.runIds(), ...this.modelCalls];
      await this.options.store.renewLeases(this.workerId, runIds, this.options.clock.now() + this.leaseMs());
      await this.locks?.renew(this.calls.runIds());
    } catch (err) {
      this.log(err);
    }
  }

  /**
   * After a crash: calls that may have happened are re-sent when idempotent, otherwise a person decides. With `now`,
   * only runs whose lease expired (their engine died); without, every run with a call pending.
   */
  async recover(now?: number): Promise<void> {
    const { store } = this.options;
    const claim = now === undefined ? undefined : this.claim(now);
    const runIds = await store.runsWithPendingCalls(now, claim);
    // All at once: their transitions share group commits (one after the other, each would wait for its own fsync).
    await Promise.all(runIds.map((runId) => this.recoverRun(runId).catch((err: unknown) => this.log(err))));
  }

  private async recoverRun(runId: string): Promise<void> {
    if (this.calls.runIds().includes(runId) || this.modelCalls.has(runId)) return;
    const run = scoped(await this.options.store.loadRun(runId));
    const call = run?.state.pending;
    // A model call nobody answered: ask again for the same turn (committed turns are never asked again).
    if (run && call?.type === "model") {
      await this.deliver(runId, { type: "timer_fired", timerId: call.timerId });
      return;
    }
    if (!run || call?.type !== "call") return;
    const lost = call.purpose === "step" ? ((await this.locks?.lost(run.state)) ?? []) : [];
    if (lost.length > 0) {
      const error = {
        kind: "lock_lost" as const,
        message: `The run lost its lock ${lost.join(", ")} while its worker was down (another run may have taken it); the call was not sent again`,
        retryable: false,
      };
      await this.deliver(runId, { type: "call_failed", error, callId: callId(call) }, { status: "unknown" });
      return;
    }
    // The call is a task on its server (MCP Tasks): wait for it again, never call the tool a second time.
    if (call.task || (await this.safeToResend(runId, run, call))) {
      this.calls.start(runId, call, timeoutOf(run.definition, call));
    } else {
      const sentAt = await this.options.store.sentAt?.(attemptOf(runId, call));
      await this.deliver(runId, { type: "call_outcome_unknown", callId: callId(call), sentAt }, { status: "unknown" });
    }
  }

  /**
   * May a call left in flight by a crash be made again without asking anyone? Yes for compensations and idempotent
   * tools, for a request never handed to the transport (it cannot have happened), and for a server that honours
   * idempotency keys (the same key is sent again).
   */
  private async safeToResend(runId: string, run: StoredRun, call: PendingCall): Promise<boolean> {
    if (call.purpose === "compensation" || (await this.calls.isIdempotent(run.definition, call))) return true;
    const sent = await this.options.store.sentAt?.(attemptOf(runId, call));
    if (sent === null) return true;
    return (await this.options.honoursKeys?.(call.server)) === true;
  }

  private log(err: unknown): void {
    (this.options.log ?? console.error)(`[engine] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

/** A branch or item run with the definition of its own steps (the parent's for every other run). */
function scoped(run: StoredRun | null): StoredRun | null {
  const scope = run?.state.parent?.scope;
  if (!run || !scope) return run;
  return { ...run, definition: scopedDefinition(run.definition, scope) ?? run.definition };
}

function completed(run: StoredRun, event: RunEvent, outcome: AttemptOutcome | undefined) {
  const pending = run.state.pending;
  if (!outcome || pending?.type !== "call") return undefined;
  if (
    event.type !== "call_succeeded" &&
    event.type !== "call_failed" &&
    event.type !== "call_outcome_unknown" &&
    event.type !== "breaker_open"
  )
    return undefined;
  return { call: pending, outcome };
}

/** A refused call whose step took the cached result instead: the attempt is recorded as answered from the cache. */
function cacheUsed(event: RunEvent, result: StepResult): AttemptOutcome | undefined {
  if (event.type !== "breaker_open" || !event.cached) return undefined;
  const p = result.state.pending;
  const parked = (p?.type === "timer" && p.reason === "breaker") || (p?.type === "human" && p.reason === "breaker_open");
  if (parked) return undefined;
  return { status: "succeeded", output: event.cached.result, latencyMs: 0, fromCache: true, cachedAt: event.cached.savedAt };
}

function attemptOf(runId: string, call: PendingCall) {
  return { runId, stateId: call.stateId, visit: call.visit, attempt: call.attempt, purpose: call.purpose };
}

function timeoutOf(definition: StoredRun["definition"], call: PendingCall): number {
  const state = definition.states[call.stateId];
  return state?.type === "tool" && call.purpose === "step" ? (state.timeoutMs ?? 60_000) : 60_000;
}

export type { StepError };

/** The call result the transition records apart (saved by `record`), for an agent step to refer to instead of saving it again. */
function savedApart(event: RunEvent, recorded: RunEvent): SavedResult | undefined {
  if (event.type !== "call_succeeded" || recorded.type !== "call_succeeded" || !isBlobRef(recorded.result)) return undefined;
  return { ref: recorded.result, result: event.result };
}
