/**
 * What the engine's observers cost per committed transition, alone (no database, no MCP): the log lines (pino, JSON
 * written to /dev/null) and the Prometheus counters and histograms, for a typical step transition (a call completed,
 * the next call started). Compare with the executor's CPU per transition from `npm run bench:engine`.
 *
 *   npx tsx scripts/bench/observers.ts [transitions=200000]
 */
import os from "node:os";
import pino from "pino";
import { createLogger } from "@/server/observability/logger";
import { logObserver } from "@/server/observability/engine-logs";
import { createMetrics, metricsObserver } from "@/server/observability/metrics";
import { VersionDirectory } from "@/server/observability/versions";
import { combineObservers, type EngineObserver, type TransitionObserved } from "@/server/engine/runtime/observer";
import type { PendingCall, RunState } from "@/server/engine/core/types";

const n = Number(process.argv[2] ?? 200_000);
const call = (stateId: string): PendingCall => ({
  type: "call",
  stateId,
  visit: 1,
  attempt: 1,
  server: "noop",
  tool: "noop",
  args: {},
  idempotencyKey: `run_1:${stateId}:1`,
  purpose: "step",
});
const state = (current: string, pending: PendingCall): RunState => ({
  runId: "run_1",
  status: "running",
  current,
  visits: { [current]: 1 },
  attempt: 1,
  input: {},
  vars: {},
  compensations: [],
  rollback: null,
  pending,
  output: null,
  error: null,
  failure: null,
  path: [],
});
const t: TransitionObserved = {
  runId: "run_1",
  versionId: "ver_1",
  seq: 2,
  before: state("s1", call("s1")),
  event: { type: "call_succeeded", result: { ok: true } },
  result: { state: state("s2", call("s2")), commands: [{ type: "call_tool", call: call("s2"), timeoutMs: 60_000 }] },
  completed: { call: call("s1"), outcome: { status: "succeeded", output: { ok: true }, latencyMs: 0.2, fromCache: false } },
  now: Date.now(),
};

async function main(): Promise<void> {
  const versions = new VersionDirectory(() => Promise.resolve({ workflowId: "wf_1", workflowName: "bench", version: 1 }));
  await versions.resolve("ver_1");
  const dest = pino.destination({ dest: "/dev/null", sync: false });
  await new Promise((resolve) => dest.once("ready", resolve));
  const variants: [string, EngineObserver | undefined][] = [
    ["logs (info)", logObserver(createLogger({ level: "info", destination: dest }), versions)],
    ["logs (warn: successes not logged)", logObserver(createLogger({ level: "warn", destination: dest }), versions)],
    ["metrics", metricsObserver(createMetrics(), versions)],
    [
      "logs (info) + metrics",
      combineObservers([
        logObserver(createLogger({ level: "info", destination: dest }), versions),
        metricsObserver(createMetrics(), versions),
      ]),
    ],
  ];
  console.log(`observer cost per transition, ${n} transitions each (node ${process.version}, load ${loadavg()})`);
  for (const [name, observer] of variants) {
    await drive(observer, 20_000); // warm-up
    const cpu = process.cpuUsage();
    const start = performance.now();
    await drive(observer, n);
    await new Promise<void>((resolve, reject) => dest.flush((err) => (err ? reject(err) : resolve())));
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    console.log(
      `  ${name.padEnd(36)} ${((wall * 1000) / n).toFixed(2)} µs wall, ${((used.user + used.system) / n).toFixed(2)} µs CPU`,
    );
  }
}

/** Transitions in batches of 100 with a turn of the event loop between them, so that the log writes happen as they would. */
async function drive(observer: EngineObserver | undefined, count: number): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    for (let j = 0; j < 100; j++) observer?.transition?.(t);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function loadavg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
}

void main();
