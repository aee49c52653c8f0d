/**
 * Live run view: the transitions of one run as they are committed, by whichever process committed them. The transition
 * log is the feed: each change is identified by its seq, so a client that reconnects with the last seq it saw gets
 * exactly the transitions after it (read from the database), then the live ones, never one twice.
 *
 * A watcher wakes up at once when this process's engine commits a transition of the run (the change bus, published in
 * server/services/host/app-engine.ts), and otherwise looks every `pollMs` (transitions committed by worker processes); each
 * look is one primary-key range read (runId, seq > last).
 */
import { progressThrottle } from "./progress-throttle";
import type { Db } from "../../db/client";
import { getBus, type ChangeBus } from "../../events/bus";
import { notFound } from "@/lib/errors";
import { FINAL_STATUSES, type RunStatus } from "../../engine/core/types";
import type { Engine } from "../../engine/runtime/engine";
import type { CallProgress } from "@/lib/runs/call-progress";
import { runDelta, type RunDelta } from "./run-delta";

export interface RunChange {
  runId: string;
  seq: number;
  /** The run's status after the transition. */
  status: string;
  stateId: string | null;
  /** The event's type (start, call_succeeded, timer_fired, ...). */
  event: string;
  at: Date;
}

export interface WatchOptions {
  /** How often to look for transitions committed by other processes (ms). */
  pollMs?: number;
  bus?: ChangeBus;
}

const PAGE = 200;

/** Wakes this process's run watchers on every transition the engine commits; returns the unsubscribe function. */
export function publishRunChanges(engine: Engine, bus: ChangeBus = getBus()): () => void {
  // Progress of calls is live only: at most a few a second per run reach the bus, none after the call's transition.
  const throttle = progressThrottle<CallProgress>((runId, p) => bus.publish({ topic: "progress", runId, progress: p }));
  const transitions = engine.onTransition((runId) => {
    throttle.forget(runId);
    bus.publish({ topic: "runs", runId });
  });
  const progress = engine.onCallProgress((runId, p) => throttle.report(runId, p));
  return () => {
    transitions();
    progress();
  };
}

/** This process's engine's progress reports for one run, until `signal` aborts. */
export async function* watchProgress(
  runId: string,
  signal: AbortSignal | undefined,
  bus: ChangeBus = getBus(),
): AsyncGenerator<CallProgress> {
  for await (const envelope of bus.subscribe(null, signal, "progress")) {
    const event = envelope.event;
    if (event.topic === "progress" && event.runId === runId) yield event.progress;
  }
}

/** The seq in a tracked event id ("12"), or null when the id is missing or not one of ours. */
export function seqOf(lastEventId: string | null | undefined): number | null {
  if (!lastEventId || !/^\d{1,9}$/.test(lastEventId)) return null;
  return Number(lastEventId);
}

/**
 * Yields the run's transitions after `lastEventId`; without one, the latest transition first (so the client holds an
 * id to resume from), then every new one. Ends after a transition that finishes the run.
 */
export async function* watchRun(
  db: Db,
  runId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
  options: WatchOptions = {},
): AsyncGenerator<RunChange> {
  const { pollMs, waker, stop } = runWaker(runId, signal, options);
  try {
    const run = await db.run.findUnique({ where: { id: runId }, select: { seq: true } });
    if (!run) throw notFound(`Run ${runId}`);
    let last = seqOf(lastEventId) ?? Math.max(0, run.seq - 1);
    while (!signal?.aborted) {
      const rows = await db.transition.findMany({
        where: { runId, seq: { gt: last } },
        orderBy: { seq: "asc" },
        take: PAGE,
        select: { seq: true, status: true, stateId: true, event: true, createdAt: true },
      });
      for (const row of rows) {
        last = row.seq;
        const event = (row.event as { type?: string } | null)?.type ?? "unknown";
        yield { runId, seq: row.seq, status: row.status, stateId: row.stateId, event, at: row.createdAt };
        if (FINAL_STATUSES.includes(row.status as RunStatus)) return;
      }
      if (rows.length < PAGE) await waker.wait(pollMs);
    }
  } finally {
    stop();
  }
}

/**
 * What changes in a run, as deltas (run-delta.ts): first the latest transition's (so the client holds a seq to compare
 * with what it shows), then one delta per wake-up that found new transitions. A look that finds nothing new costs one
 * primary-key read of the run's seq. Ends after a delta that finishes the run.
 */
export async function* watchRunDeltas(
  db: Db,
  runId: string,
  signal: AbortSignal | undefined,
  options: WatchOptions = {},
): AsyncGenerator<RunDelta> {
  const { pollMs, waker, stop } = runWaker(runId, signal, options);
  try {
    const run = await db.run.findUnique({ where: { id: runId }, select: { seq: true } });
    if (!run) throw notFound(`Run ${runId}`);
    let last = Math.max(0, run.seq - 1);
    let seq = run.seq;
    while (!signal?.aborted) {
      if (seq > last) {
        const delta = await runDelta(db, runId, last);
        last = delta.seq;
        yield delta;
        if (FINAL_STATUSES.includes(delta.head.status as RunStatus)) return;
      }
      await waker.wait(pollMs);
      seq = (await db.run.findUnique({ where: { id: runId }, select: { seq: true } }))?.seq ?? last;
    }
  } finally {
    stop();
  }
}

/** Sleeps until woken, the time is up, or the signal aborts; a wake-up while awake is not lost. */
class Waker {
  private pending = false;
  private resolve: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onAbort = () => this.wake();

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener("abort", this.onAbort);
  }

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  wait(ms: number): Promise<void> {
    if (this.pending || this.signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = () => {
        if (this.timer) clearTimeout(this.timer);
        this.resolve = null;
        this.pending = false;
        resolve();
      };
      this.timer = setTimeout(this.resolve, ms);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onAbort);
  }
}

/** Wakes a watcher when this process commits a transition of the run; otherwise it looks every `pollMs`. */
function runWaker(runId: string, signal: AbortSignal | undefined, options: WatchOptions) {
  const waker = new Waker(signal);
  const unlisten = (options.bus ?? getBus()).listen(({ event }) => {
    if (event.topic === "runs" && event.runId === runId) waker.wake();
  });
  const stop = () => {
    unlisten();
    waker.dispose();
  };
  return { pollMs: options.pollMs ?? 500, waker, stop };
}
