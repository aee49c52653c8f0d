/**
 * npm run bench:engine — what the durable executor costs per step.
 *
 * On SQLite (a temp file) and PostgreSQL (a scratch database, dropped after),
 * with a no-op stdio MCP tool registered in the registry and called through
 * the real connection manager, the Engine as the app builds it (createEngine):
 *   1. durable step transitions/s with 1 and with 32 runs in flight (chains of
 *      --steps no-op tool steps, then succeed), counted with engine.onTransition;
 *   2. a step's wall time from commit to commit with 1 run, against its MCP call
 *      (StepAttempt.latencyMs) and against the bare call through the pool;
 *   3. escalation resolved (engine.deliver with `resolves`) -> the transition
 *      that starts the next call committed, idle and with 32 chains running.
 * Each with the production run store (createEngine: driver statements, group
 * commit, run state and breakers in memory; server/db/run-store-batched.ts) and,
 * side by side, with the earlier one (PrismaRunStore: one Prisma interactive
 * transaction per transition) under the same Engine. Then where the time goes
 * (run store and tool port timed per call) and micro-measurements of the
 * writes underneath (engine-micro.ts).
 *
 * Then, unless --peer none, DBOS Transact (peers/dbos.ts) runs the same chain on
 * PostgreSQL beside each database, and the ratios are printed (engine-peer.ts).
 *
 * Targets (docs/performance.md): >= 5,000 transitions/s at 32 runs on SQLite
 * synchronous=FULL, >= 3,000/s on PostgreSQL; added latency per step p50/p99
 * <= 0.5/5 ms (SQLite FULL), <= 1.5/10 ms (PostgreSQL); resolve -> next step
 * p99 <= 20 ms embedded; 32-run transitions/s >= 8x DBOS's steps/s on SQLite,
 * >= 4x on PostgreSQL (issue 24).
 *
 *   npx tsx scripts/bench/engine.ts [--databases sqlite,postgresql] [--rounds 3] ...   (--help lists all)
 *
 * Every option also reads from the environment: --rounds is BENCH_ROUNDS, and so on.
 */
import { parseArgs } from "node:util";
import os from "node:os";
import { Engine } from "@/server/engine/runtime/engine";
import { mcpToolPort, systemClock } from "@/server/services/host/engine-host";
import { PrismaRunStore } from "./prisma-run-store";
import { createRunStore } from "@/server/db/run-stores";
import { openPostgres, openSqlite, buildWorld, type BenchDatabase, type World } from "./engine-world";
import { bareBurst, bareCalls, escalations, StepGaps, throughput, Tracker, type Throughput } from "./engine-phases";
import { createTimedEngine, Spans } from "./engine-spans";
import { micro, type MicroRow } from "./engine-micro";
import { printReport, type EngineFigures, type Report } from "./engine-report";
import { int } from "./stats";
import pino from "pino";
import { createLogger, setLogger } from "@/server/observability/logger";
import { engineObservers } from "@/server/observability/engine-observers";
import { coordinationBench } from "./engine-coordination";
import { mapBench } from "./engine-map";
import { peerComparison } from "./engine-peer";
import { runDbos } from "./peers/dbos";

const OPTIONS = {
  databases: { default: "sqlite,postgresql", help: "comma-separated: sqlite, postgresql" },
  "postgres-url": { default: "postgresql://postgres@127.0.0.1:5432/postgres", help: "server to create the scratch database on" },
  "sqlite-sync": {
    default: "full",
    help: "SQLite synchronous on both connections: full (the target's), normal, or driver (the defaults: Prisma NORMAL, run store FULL)",
  },
  stores: {
    default: "prisma,driver",
    help: "run stores: driver (the app's: createEngine), prisma (the earlier PrismaRunStore)",
  },
  observability: {
    default: "off",
    help: "driver store with the engine's logs (pino, JSON lines to /dev/null), metrics and breaker history: off, on, or off,on (back to back)",
  },
  steps: { default: "20", help: "no-op tool steps per run" },
  concurrency: { default: "32", help: "runs in flight for the high-concurrency figure" },
  rounds: { default: "3", help: "throughput rounds (1 run, then N runs, alternating)" },
  seconds: { default: "2", help: "measured seconds per throughput round and concurrency" },
  warmup: { default: "0.5", help: "seconds of load before each measured window" },
  "bare-calls": { default: "1000", help: "sequential bare MCP calls through the pool" },
  escalations: { default: "200", help: "escalations resolved one at a time (idle engine)" },
  "escalation-load": { default: "32", help: "chains running during the second, loaded escalation series (0 skips it)" },
  "profile-seconds": { default: "2", help: "seconds per concurrency of the timed-ports profile (0 skips it)" },
  "micro-ops": { default: "1000", help: "operations per micro-measurement (0 skips them)" },
  "map-items": { default: "10000", help: "items of the map figure: items/s and the run's state size (0 skips it)" },
  coordination: { default: "200", help: "runs per coordination figure: lock cost, event -> resume (0 skips them)" },
  peer: {
    default: "dbos",
    help: "beside each database, DBOS Transact on --postgres-url runs the same chain (ratios printed): dbos or none",
  },
  "peer-runs": { default: "320", help: "DBOS workflows measured with --concurrency in flight" },
  "peer-solo": { default: "10", help: "DBOS workflows then run one at a time, each step timed (added latency)" },
} as const;
type OptionName = keyof typeof OPTIONS;
type Options = Record<OptionName, string>;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean" },
      ...(Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: "string" }])) as Record<
        OptionName,
        { type: "string" }
      >),
    },
    strict: true,
  });
  if (values.help) {
    console.log("Usage: npx tsx scripts/bench/engine.ts [options]\n");
    for (const [name, o] of Object.entries(OPTIONS)) {
      const env = `BENCH_${name.toUpperCase().replaceAll("-", "_")}`;
      console.log(`  --${name.padEnd(16)} ${o.help} (default ${o.default}; env ${env})`);
    }
    process.exit(0);
  }
  const out = {} as Options;
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const fromFlag = values[name];
    const fromEnv = process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`];
    out[name] = typeof fromFlag === "string" ? fromFlag : (fromEnv ?? OPTIONS[name].default);
  }
  return out;
}

/** Which driver-store variants to measure: without (false) and/or with (true) the engine's observers. */
function observabilityVariants(o: Options): boolean[] {
  const list = o.observability.split(",").map((v) => v.trim());
  if (list.some((v) => v !== "on" && v !== "off"))
    throw new Error(`--observability must be off, on or off,on (got "${o.observability}")`);
  if (list.includes("on"))
    // What a production engine logs (info), formatted and written, to a sink that costs no disk.
    setLogger(createLogger({ level: "info", destination: pino.destination({ dest: "/dev/null", sync: false }) }));
  return list.map((v) => v === "on");
}

function num(o: Options, name: OptionName, min = 1, integer = true): number {
  const n = Number(o[name]);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)))
    throw new Error(`--${name} must be ${integer ? "an integer" : "a number"} >= ${min} (got "${o[name]}")`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Clean-up: everything opened is closed in reverse order in `finally`; server processes still
// alive at exit are killed; a scratch PostgreSQL database is dropped even after an error.

const cleanups: { name: string; run: () => Promise<void> }[] = [];
const pids = new Set<number>();
let interrupted = false;
let closing: Promise<void> | null = null;

/** Registers a clean-up; `now()` runs it at once (once), `forget()` drops it unrun. */
function onCleanup(name: string, run: () => Promise<void>): { now(): Promise<void>; forget(): void } {
  const entry = { name, run };
  cleanups.push(entry);
  const forget = () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
  return {
    forget,
    async now() {
      if (!cleanups.includes(entry)) return;
      forget();
      await run().catch((err: unknown) => console.error(`clean-up (${name}): ${String(err)}`));
    },
  };
}

function cleanUpAll(): Promise<void> {
  closing ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop()!;
      await entry.run().catch((err: unknown) => console.error(`clean-up (${entry.name}): ${String(err)}`));
    }
  })();
  return closing;
}

process.on("exit", () => {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: shutting down`);
    void cleanUpAll().finally(() => process.exit(130));
  });
}

const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/**
 * Stopping a measurement cancels the calls in flight; their responses still arrive and the connection layer logs each
 * one as a warning with the whole 1 KB message. Counted here instead of printed.
 */
let lateResponses = 0;
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].includes("Received a response for an unknown message ID")) lateResponses++;
  else warn(...args);
};

// ---------------------------------------------------------------------------------------------

async function openDatabase(provider: "sqlite" | "postgresql", o: Options): Promise<BenchDatabase> {
  if (provider === "sqlite") {
    const sync = o["sqlite-sync"];
    if (sync !== "driver" && sync !== "full" && sync !== "normal") throw new Error(`--sqlite-sync: full, normal or driver`);
    const database = await openSqlite(sync === "driver" ? null : sync);
    onCleanup("SQLite file", () => database.dispose());
    return database;
  }
  let drop: (() => Promise<void>) | null = null;
  const dropping = onCleanup("scratch database", () => drop?.() ?? Promise.resolve());
  const database = await openPostgres(o["postgres-url"], (d) => (drop = d));
  dropping.forget(); // dispose() disconnects, then drops
  onCleanup("PostgreSQL database", () => database.dispose());
  return database;
}

function stores(o: Options): ("prisma" | "driver")[] {
  const list = o.stores.split(",").map((x) => x.trim());
  for (const x of list) if (x !== "prisma" && x !== "driver") throw new Error(`unknown store "${x}" (prisma, driver)`);
  return list as ("prisma" | "driver")[];
}

/** Throughput rounds (1 run, then N), step latency with 1 run, escalations idle and loaded, on a started engine. */
async function measureEngine(
  engine: Engine,
  store: string,
  world: World,
  o: Options,
  note: () => Promise<string | null>,
): Promise<EngineFigures> {
  const engineStop = onCleanup(`engine (${store})`, () => engine.stop());
  await engine.start();
  const tracker = new Tracker();
  tracker.attach(engine);
  const high = num(o, "concurrency");
  const seconds = num(o, "seconds", 0.1, false);
  const warmupSeconds = num(o, "warmup", 0, false);
  const rounds: { one: Throughput; many: Throughput }[] = [];
  const gaps = new StepGaps();
  for (let r = 0; r < num(o, "rounds"); r++) {
    tracker.tap = gaps.tap;
    const one = await throughput(engine, tracker, world, { concurrency: 1, seconds, warmupSeconds });
    tracker.tap = null;
    const many = await throughput(engine, tracker, world, { concurrency: high, seconds, warmupSeconds });
    rounds.push({ one, many });
    progress(`${store}, round ${r + 1}: ${int(one.perSecond)} transitions/s with 1 run, ${int(many.perSecond)}/s with ${high}`);
  }
  const steps1 = await gaps.withCallLatency(world.db);
  const escalationsIdle = await escalations(engine, tracker, world, { count: num(o, "escalations"), background: 0 });
  const loadChains = num(o, "escalation-load", 0);
  const escalationsLoaded =
    loadChains > 0
      ? await escalations(engine, tracker, world, { count: Math.ceil(num(o, "escalations") / 2), background: loadChains })
      : null;
  progress(`${store}: escalations resolved`);
  await engineStop.now();
  return { store, rounds, steps1, escalationsIdle, escalationsLoaded, note: await note() };
}

/** The SQLite durability measured (--sqlite-sync): the store's connection is set to it; "driver" leaves the app's FULL. */
function storeOf(database: BenchDatabase): { sqliteSynchronous?: "full" | "normal" } {
  return database.sqlite?.synchronous ? { sqliteSynchronous: database.sqlite.synchronous } : {};
}

async function benchDatabase(provider: "sqlite" | "postgresql", o: Options): Promise<Report & { coordination: string | null }> {
  const startedAt = performance.now();
  const database = await openDatabase(provider, o);
  progress(`${database.label}`);
  const world: World = await buildWorld(database.db, num(o, "steps"));
  if (world.serverPid) pids.add(world.serverPid);
  onCleanup("MCP pool", () => world.pool.closeAll());

  const bare = await bareCalls(world, num(o, "bare-calls"));
  await bareBurst(world, 1000, num(o, "concurrency")); // warm-up
  const burst = await bareBurst(world, 5 * num(o, "bare-calls"), num(o, "concurrency"));
  progress(`bare MCP call: ${bare.length} sequential, ${Math.round(burst)} calls/s with ${o.concurrency} in flight`);

  const shared = provider === "postgresql"; // as app-engine.ts sets it for PostgreSQL
  const high = num(o, "concurrency");
  const engines: EngineFigures[] = [];
  for (const store of stores(o)) {
    if (store === "prisma") {
      const engine = new Engine({
        store: new PrismaRunStore(database.db),
        tools: mcpToolPort(database.db, world.pool),
        clock: systemClock,
        shared,
        workerId: `bench-prisma:${process.pid}`,
      });
      engines.push(await measureEngine(engine, "PrismaRunStore (before)", world, o, () => Promise.resolve(null)));
    } else {
      for (const observed of observabilityVariants(o)) {
        // The engine as createEngine builds it (the store for the URL, the system clock; started: recovery, polling, leases).
        const store = createRunStore(database.db, database.url, { ...storeOf(database), now: () => systemClock.now() });
        const workerId = `bench-driver:${process.pid}${observed ? ":observed" : ""}`;
        const engine = new Engine({
          store,
          tools: mcpToolPort(database.db, world.pool),
          clock: systemClock,
          shared,
          workerId,
          observer: observed ? engineObservers(database.db, workerId) : undefined,
        });
        const stats = store.stats;
        engines.push(
          await measureEngine(engine, observed ? "driver store + logs & metrics" : "driver store (now)", world, o, () =>
            Promise.resolve(
              `${(stats.rows / Math.max(1, stats.batches)).toFixed(1)} transitions per transaction on average, ` +
                `${(stats.writeMs / Math.max(1, stats.batches)).toFixed(2)} ms per transaction`,
            ),
          ),
        );
      }
    }
  }

  // Where the time goes: the same engine with its run store and tool port timed per call.
  const profileSeconds = num(o, "profile-seconds", 0, false);
  const profiles: Report["profiles"] = [];
  if (profileSeconds > 0) {
    const spans = new Spans();
    const timedEngine = createTimedEngine(database, world.pool, spans, shared, storeOf(database));
    onCleanup("timed engine", () => timedEngine.stop());
    const t = new Tracker();
    t.attach(timedEngine);
    for (const concurrency of [1, high]) {
      await throughput(timedEngine, t, world, { concurrency, seconds: 0.5, warmupSeconds: 0 });
      spans.reset();
      const before = t.transitions;
      const figures = await throughput(timedEngine, t, world, { concurrency, seconds: profileSeconds, warmupSeconds: 0 });
      // Spans of runs still finishing after the window are counted too: divide by every transition seen.
      profiles.push({ concurrency, throughput: figures, spans: spans.summary(t.transitions - before) });
    }
    progress(`profile: done`);
  }

  // Measured now (same database and MCP pool), printed after the report.
  const coordinationRuns = num(o, "coordination", 0);
  const coordination =
    coordinationRuns > 0 ? await coordinationBench(database, world, coordinationRuns, num(o, "concurrency")) : null;
  if (coordination) progress("coordination: done");

  const mapItems = num(o, "map-items", 0);
  const mapFigure = mapItems > 0 ? await mapBench(database, world, mapItems) : null;
  if (mapFigure) progress("map: done");

  const microOps = num(o, "micro-ops", 0);
  const microRows: MicroRow[] = microOps > 0 ? await micro(database, world, microOps, progress) : [];

  return {
    provider,
    label: database.label,
    steps: world.steps,
    concurrency: high,
    engines,
    bare,
    burst,
    loadChains: num(o, "escalation-load", 0),
    profiles,
    micro: microRows,
    elapsedSeconds: (performance.now() - startedAt) / 1000,
    coordination: [coordination, mapFigure].filter((x) => x !== null).join("\n") || null,
  };
}

async function main(): Promise<void> {
  const o = readOptions();
  const databases = o.databases.split(",").map((d) => d.trim());
  for (const d of databases) if (d !== "sqlite" && d !== "postgresql") throw new Error(`unknown database "${d}"`);
  if (o.peer !== "dbos" && o.peer !== "none") throw new Error(`--peer must be dbos or none (got "${o.peer}")`);
  const cpus = os.cpus();
  console.log(`# bench:engine — ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? "?"}), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `chains of ${o.steps} no-op tool steps (~1 KB result kept as $last); ${o.rounds} rounds x ${o.seconds} s at 1 and ${o.concurrency} runs ` +
      `(+${o.warmup} s warm-up each); ${o.escalations} escalations idle, ${o["escalation-load"]} chains during the loaded series\n`,
  );
  for (const provider of databases as ("sqlite" | "postgresql")[]) {
    process.stderr.write(`${provider}:\n`);
    const report = await benchDatabase(provider, o);
    printReport(report);
    if (report.coordination) console.log(report.coordination);
    if (lateResponses > 0)
      console.log(
        `(${lateResponses} late responses to calls cancelled when a measurement stopped were logged by the connection layer; not shown.)`,
      );
    lateResponses = 0;
    await cleanUpAll();
    closing = null;
    if (o.peer === "dbos") {
      progress(`DBOS on PostgreSQL: ${o["peer-runs"]} workflows of ${o.steps} steps, ${o.concurrency} in flight`);
      let peerPid = 0;
      const peer = await runDbos(o["postgres-url"], {
        runs: num(o, "peer-runs"),
        steps: num(o, "steps"),
        concurrency: num(o, "concurrency"),
        soloRuns: num(o, "peer-solo", 0),
        onStart: (pid) => pids.add((peerPid = pid)),
      }).finally(() => pids.delete(peerPid));
      console.log(peerComparison(report, peer, num(o, "peer-runs")));
    }
  }
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  if (!interrupted) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  exitCode = 1;
} finally {
  await cleanUpAll();
}
process.exit(interrupted ? 130 : exitCode);
