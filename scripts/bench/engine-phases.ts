/**
 * bench:engine's measurements on a running Engine: transitions per second
 * with C runs in flight, the time between consecutive committed transitions
 * of one run (a step's wall time, to set against its MCP call's latency), the
 * bare MCP call, and escalation resolved -> next call_tool committed.
 */
import { readFileSync } from "node:fs";
import { performance as nodePerformance } from "node:perf_hooks";
import type { Engine } from "@/server/engine/runtime/engine";
import type { StepResult } from "@/server/engine/core/types";
import { FINAL_STATUSES } from "@/server/engine/core/types";
import type { Db } from "@/server/db/client";
import { IDEMPOTENCY_META_KEY } from "@/server/mcp/types";
import { newId } from "@/server/util/ids";
import { NOOP_SERVER, type Published, type World } from "./engine-world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUN_TIMEOUT_MS = 60_000;

type Until = (result: StepResult) => boolean;
type Seen = { result: StepResult; at: number };
export type Tap = (runId: string, result: StepResult, at: number) => void;

export const isFinal: Until = (r) => FINAL_STATUSES.includes(r.state.status);
const issuesCall: Until = (r) => r.commands.some((c) => c.type === "call_tool");

/** Counts committed transitions (engine.onTransition) and lets callers wait for a run's next matching one. */
export class Tracker {
  transitions = 0;
  tap: Tap | null = null;
  private readonly waiters = new Map<string, { until: Until; resolve: (seen: Seen) => void }[]>();

  attach(engine: Engine): () => void {
    return engine.onTransition((runId, result) => this.seen(runId, result));
  }

  private seen(runId: string, result: StepResult): void {
    const at = performance.now();
    this.transitions++;
    this.tap?.(runId, result, at);
    const list = this.waiters.get(runId);
    if (!list) return;
    for (const w of list.filter((w) => w.until(result))) {
      list.splice(list.indexOf(w), 1);
      w.resolve({ result, at });
    }
    if (list.length === 0) this.waiters.delete(runId);
  }

  /** Resolves at the run's next transition that matches `until` (register before causing it). */
  wait(runId: string, until: Until): Promise<Seen> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`run ${runId} did not get there in ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
      timer.unref();
      const list = this.waiters.get(runId) ?? [];
      list.push({
        until,
        resolve: (seen) => {
          clearTimeout(timer);
          resolve(seen);
        },
      });
      this.waiters.set(runId, list);
    });
  }
}

/** Starts a run of `wf` and waits until it ends; throws unless it succeeded (or was cancelled by `stop`). */
async function runToEnd(engine: Engine, tracker: Tracker, wf: Published, current: (runId: string) => void): Promise<void> {
  const runId = newId("run");
  const done = tracker.wait(runId, isFinal);
  done.catch(() => undefined); // awaited below; not an unhandled rejection if startRun throws first
  current(runId);
  await engine.startRun({ workflowId: wf.workflowId, versionId: wf.versionId, input: {}, runId });
  const { result } = await done;
  const status = result.state.status;
  if (status !== "succeeded" && status !== "cancelled")
    throw new Error(`run ${runId} ended ${status}: ${JSON.stringify(result.state.failure ?? result.state.error)}`);
}

/** `concurrency` workers, each running chains back to back; `stop()` cancels the runs in flight and waits for them. */
function load(engine: Engine, tracker: Tracker, wf: Published, concurrency: number) {
  let stopping = false;
  const current: (string | null)[] = Array.from({ length: concurrency }, () => null);
  const worker = async (w: number) => {
    while (!stopping) await runToEnd(engine, tracker, wf, (runId) => (current[w] = runId));
    current[w] = null;
  };
  const all = Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  all.catch(() => undefined); // observed by stop()
  return {
    stop: async () => {
      stopping = true;
      // Cancelling takes one transition per run instead of the rest of its chain.
      await Promise.all(
        current.flatMap((runId) =>
          runId ? [engine.deliver(runId, { type: "cancel", compensate: false, by: "bench" }).catch(() => undefined)] : [],
        ),
      );
      await all;
    },
  };
}

export interface Throughput {
  concurrency: number;
  transitions: number;
  seconds: number;
  perSecond: number;
  /** CPU time of this process (user + system) per transition, µs, and its event loop's utilization (0..1). */
  cpuUsPerTransition: number;
  eventLoop: number;
  /** CPU time of the MCP server process per transition, µs (from /proc; null elsewhere). */
  serverCpuUsPerTransition: number | null;
}

/** utime + stime of a process in µs, from /proc/PID/stat (Linux), or null. */
function processCpuUs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return Number.isFinite(ticks) ? (ticks * 1e6) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100;

/** Transitions committed per second with `concurrency` chains in flight, over `seconds` after `warmupSeconds`. */
export async function throughput(
  engine: Engine,
  tracker: Tracker,
  world: World,
  o: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<Throughput> {
  const running = load(engine, tracker, world.chain, o.concurrency);
  try {
    await sleep(o.warmupSeconds * 1000);
    const c0 = tracker.transitions;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const elu0 = nodePerformance.eventLoopUtilization();
    const server0 = processCpuUs(world.serverPid);
    await sleep(o.seconds * 1000);
    const transitions = tracker.transitions - c0;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const elu = nodePerformance.eventLoopUtilization(elu0);
    const server1 = processCpuUs(world.serverPid);
    return {
      concurrency: o.concurrency,
      transitions,
      seconds,
      perSecond: transitions / seconds,
      cpuUsPerTransition: (cpu.user + cpu.system) / transitions,
      eventLoop: elu.utilization,
      serverCpuUsPerTransition: server0 !== null && server1 !== null ? (server1 - server0) / transitions : null,
    };
  } finally {
    await running.stop();
  }
}

/**
 * Records, for every transition that starts a call, the time until the run's next committed transition
 * (the call's result applied): a step's wall time from commit to commit.
 */
export class StepGaps {
  readonly samples: { runId: string; stateId: string; gap: number }[] = [];
  private readonly last = new Map<string, { at: number; stateId: string }>();

  readonly tap: Tap = (runId, result, at) => {
    const previous = this.last.get(runId);
    if (previous) this.samples.push({ runId, stateId: previous.stateId, gap: at - previous.at });
    const call = result.commands.find((c) => c.type === "call_tool");
    if (call?.type === "call_tool") this.last.set(runId, { at, stateId: call.call.stateId });
    else this.last.delete(runId);
  };

  /** Joins each gap with its attempt's latencyMs (the MCP call as the connection manager timed it). */
  async withCallLatency(db: Db): Promise<{ gap: number; call: number }[]> {
    const runIds = [...new Set(this.samples.map((s) => s.runId))];
    const latency = new Map<string, number>();
    for (let i = 0; i < runIds.length; i += 500) {
      const rows = await db.stepAttempt.findMany({
        where: { runId: { in: runIds.slice(i, i + 500) } },
        select: { runId: true, stateId: true, latencyMs: true },
      });
      for (const r of rows) if (r.latencyMs !== null) latency.set(`${r.runId}/${r.stateId}`, r.latencyMs);
    }
    return this.samples.flatMap((s) => {
      const call = latency.get(`${s.runId}/${s.stateId}`);
      return call === undefined ? [] : [{ gap: s.gap, call }];
    });
  }
}

/** The same call through the pool alone, sequentially: wall ms per call. */
export async function bareCalls(world: World, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await world.pool.callTool(
      NOOP_SERVER,
      "noop",
      { n: 1 },
      { timeoutMs: 60_000, meta: { [IDEMPOTENCY_META_KEY]: `bare:${i}` } },
    );
    out.push(performance.now() - start);
  }
  return out;
}

/** `total` bare calls through the pool with `concurrency` in flight: calls per second (the ceiling for steps/s). */
export async function bareBurst(world: World, total: number, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      const i = started++;
      await world.pool.callTool(
        NOOP_SERVER,
        "noop",
        { n: 1 },
        { timeoutMs: 60_000, meta: { [IDEMPOTENCY_META_KEY]: `burst:${i}` } },
      );
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - start) / 1000);
}

/**
 * Parks `count` runs on their human step, then resolves them one at a time: ms from calling
 * engine.deliver(human_resolved, with `resolves`) to the committed transition that starts the next call
 * (its attempt row written "started"; the call goes out right after). With `background` > 0, that many
 * chains run meanwhile.
 */
export async function escalations(
  engine: Engine,
  tracker: Tracker,
  world: World,
  o: { count: number; background: number },
): Promise<number[]> {
  const parked: { runId: string; escalationId: string }[] = [];
  const park = async () => {
    const runId = newId("run");
    const waiting = tracker.wait(runId, (r) => r.state.status === "waiting");
    await engine.startRun({ workflowId: world.human.workflowId, versionId: world.human.versionId, input: {}, runId });
    const { result } = await waiting;
    const pending = result.state.pending;
    if (pending?.type !== "human") throw new Error(`run ${runId} is not waiting on a person`);
    parked.push({ runId, escalationId: pending.escalationId });
  };
  for (let i = 0; i < o.count; i += 32) await Promise.all(Array.from({ length: Math.min(32, o.count - i) }, park));

  const running = o.background > 0 ? load(engine, tracker, world.chain, o.background) : null;
  const samples: number[] = [];
  try {
    if (running) await sleep(500);
    for (const { runId, escalationId } of parked) {
      const next = tracker.wait(runId, issuesCall);
      const done = tracker.wait(runId, isFinal);
      for (const p of [next, done]) p.catch(() => undefined); // awaited below
      const start = performance.now();
      const applied = await engine.deliver(
        runId,
        { type: "human_resolved", escalationId, optionId: "go", by: "bench" },
        undefined,
        { id: escalationId, by: "bench", resolution: { optionId: "go" } },
      );
      if (!applied || applied.ignored)
        throw new Error(`resolving ${escalationId} changed nothing: ${applied?.ignored ?? "lost"}`);
      samples.push((await next).at - start);
      await done;
    }
  } finally {
    await running?.stop();
  }
  return samples;
}
