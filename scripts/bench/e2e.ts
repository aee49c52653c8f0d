/**
 * npm run bench:e2e — what users get through the front door, side by side with DBOS Transact in the same run.
 *
 * Switchyard runs as users run it (`scripts/start.ts`: the built Next.js app with its embedded engine), on SQLite and
 * on PostgreSQL, with the no-op stdio MCP server of bench:engine registered and a chain of --steps tool steps
 * published. Then, over HTTP with --clients concurrent clients:
 *   1. end to end: --runs runs started with `POST /api/workflows/{id}/runs`, timed until every one has succeeded
 *      (steps/s = runs x steps / seconds);
 *   2. run starts: --starts runs of a workflow that parks at once (a one-hour wait), so the figure is the start path
 *      alone: starts/s, and the server's own time per start (its Server-Timing header) beside the client's.
 * DBOS Transact 5.3 (installed into ~/.cache/switchyard-bench on first use: a peer, never a dependency) runs the same
 * chain, each step one call of the same MCP tool over stdio, --clients workflows in flight, on the same PostgreSQL.
 * Prints the figures and the ratios against the targets (docs/performance.md); asserts nothing.
 *
 *   npx tsx scripts/bench/e2e.ts [--databases sqlite,postgresql] [--runs 320] [--steps 10] [--starts 2000] [--clients 32]
 *     [--modes front,next,worker] (each database is measured once per mode, in this order)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "@/server/db/client";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { checkServer, createServer } from "@/server/services/servers/servers";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { chainDefinition, NOOP_FIXTURE, NOOP_SERVER, openPostgres, openSqlite, type BenchDatabase } from "./engine-world";
import { DBOS_VERSION, runDbos } from "./peers/dbos";
import { int, median, quantile, table } from "./stats";

const ROOT = path.resolve(import.meta.dirname, "../..");

const { values: opts } = parseArgs({
  options: {
    databases: { type: "string", default: process.env.BENCH_DATABASES ?? "sqlite,postgresql" },
    "postgres-url": {
      type: "string",
      default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    },
    runs: { type: "string", default: process.env.BENCH_RUNS ?? "320" },
    steps: { type: "string", default: process.env.BENCH_STEPS ?? "10" },
    starts: { type: "string", default: process.env.BENCH_STARTS ?? "2000" },
    clients: { type: "string", default: process.env.BENCH_CLIENTS ?? "32" },
    peer: { type: "string", default: process.env.BENCH_PEER ?? "dbos" },
    /** Writes a V8 CPU profile of each app process into this folder (summarize with engine-cpuprofile.ts). */
    "profile-dir": { type: "string", default: process.env.BENCH_PROFILE_DIR ?? "" },
    /** Which parts: "runs,starts,batch" (default), or some of them. */
    parts: { type: "string", default: process.env.BENCH_PARTS ?? "runs,starts,batch" },
    /** Inputs per request of the batch part (POST /api/workflows/{id}/runs/batch). */
    batch: { type: "string", default: process.env.BENCH_BATCH ?? "50" },
    /**
     * How the app serves, each measured in turn per database: "front" (`npm start`: the hot API routes on the front,
     * scripts/front/serve.ts), "next" (SWITCHYARD_FRONT=off: every request through Next.js), "worker" (the front with
     * SWITCHYARD_ENGINE=off and one `npm run worker` beside it, which claims the queued runs).
     */
    modes: { type: "string", default: process.env.BENCH_MODES ?? "front" },
  },
});
const RUNS = Number(opts.runs);
const STEPS = Number(opts.steps);
const STARTS = Number(opts.starts);
const CLIENTS = Number(opts.clients);
const PARTS = opts.parts.split(",");
const BATCH = Number(opts.batch);
type Mode = "front" | "next" | "worker";
const MODES = opts.modes.split(",").map((m) => {
  if (m !== "front" && m !== "next" && m !== "worker") throw new Error(`--modes: "${m}" is not front, next or worker`);
  return m;
});
const MODE_ENV: Record<Mode, Record<string, string>> = {
  front: {},
  next: { SWITCHYARD_FRONT: "off" },
  worker: { SWITCHYARD_ENGINE: "off" },
};

const PARKED: WorkflowDefinition = {
  schemaVersion: 1,
  name: "bench parked",
  startAt: "later",
  states: { later: { type: "wait", seconds: 3600, next: "done" }, done: { type: "succeed" } },
} as unknown as WorkflowDefinition;

interface Figures {
  database: string;
  mode: Mode;
  stepsPerSecond: number;
  startsPerSecond: number;
  batchStartsPerSecond: number;
  clientMs: number[];
  serverMs: number[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function publish(db: Db, definition: WorkflowDefinition): Promise<string> {
  const { id } = await createWorkflow(db, { name: definition.name, definition });
  await publishWorkflow(db, { id });
  return id;
}

/** The no-op server registered (and its catalog listed) with the app's secret key; the two workflows published. */
async function prepare(db: Db, key: Buffer): Promise<{ chain: string; parked: string }> {
  const box = new SecretBox(key);
  const pool = createMcpPool(db, box);
  try {
    const { id } = await createServer(
      { db, box, pool },
      {
        name: NOOP_SERVER,
        config: { transport: "stdio", command: process.execPath, args: ["--import", "tsx", NOOP_FIXTURE], env: {}, cwd: ROOT },
      },
    );
    const { result } = await checkServer({ db, box, pool }, id);
    if (!result.ok) throw new Error(`the no-op MCP server did not start: ${JSON.stringify(result.error)}`);
  } finally {
    await pool.closeAll();
  }
  return { chain: await publish(db, chainDefinition(STEPS)), parked: await publish(db, PARKED) };
}

/** `scripts/start.ts` as `npm start` runs it (it builds the app first when the sources changed). */
async function startApp(
  url: string,
  key: Buffer,
  mode: Mode,
): Promise<{ base: string; app: ChildProcess; dataDir: string; worker: ChildProcess | null }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-e2e-"));
  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...MODE_ENV[mode],
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      SWITCHYARD_SECRET_KEY: key.toString("base64"),
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...(opts["profile-dir"]
        ? {
            NODE_OPTIONS:
              `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(ROOT, "scripts/bench/cpu-prof-preload.mjs")}`.trim(),
            BENCH_PROFILE_DIR: path.resolve(opts["profile-dir"]),
          }
        : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    app.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("Switchyard is ready")) resolve();
    });
    app.once("exit", (code) => reject(new Error(`the app exited before it was ready (exit ${code}):\n${seen.slice(-2000)}`)));
  });
  const worker = mode === "worker" ? await startWorker(url, key, dataDir) : null;
  return { base: `http://127.0.0.1:${port}`, app, dataDir, worker };
}

/** `npm run worker` (scripts/worker.ts) on the app's database: it claims and runs the runs the app queued. */
async function startWorker(url: string, key: Buffer, dataDir: string): Promise<ChildProcess> {
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      SWITCHYARD_SECRET_KEY: key.toString("base64"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    worker.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (/worker \S* ?ready/.test(seen)) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited before it was ready (exit ${code}):\n${seen}`)));
  });
  return worker;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/**
 * Makes `count` start requests for a workflow, `CLIENTS` at a time, each starting one run (or `batch` runs through
 * the batch route); the client's and the server's time per request.
 */
async function startRuns(
  base: string,
  workflowId: string,
  count: number,
  batch = 1,
): Promise<{ clientMs: number[]; serverMs: number[]; seconds: number }> {
  const clientMs: number[] = [];
  const serverMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const inputs = Array.from({ length: batch }, (_, k) => ({ n: i * batch + k }));
        const res = await fetch(`${base}/api/workflows/${workflowId}/runs${batch > 1 ? "/batch" : ""}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(batch > 1 ? { inputs } : inputs[0]),
        });
        clientMs.push(performance.now() - t0);
        const dur = /dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1];
        if (dur) serverMs.push(Number(dur));
        if (res.status !== 201) throw new Error(`POST runs answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer().catch(() => undefined);
      }
    }),
  );
  return { clientMs, serverMs, seconds: (performance.now() - started) / 1000 };
}

async function until(check: () => Promise<boolean>, what: string, limitMs = 600_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function switchyard(open: () => Promise<BenchDatabase>, mode: Mode): Promise<Figures> {
  const database = await open();
  const key = randomBytes(32);
  let app: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  let dataDir = "";
  try {
    const { chain, parked } = await prepare(database.db, key);
    const started = await startApp(database.url, key, mode);
    app = started.app;
    worker = started.worker;
    dataDir = started.dataDir;
    const succeeded = () => database.db.run.count({ where: { workflowId: chain, status: "succeeded" } });
    // Warm-up: the routes compiled and cached, the MCP connection open, the statements prepared.
    await startRuns(started.base, chain, CLIENTS);
    await until(async () => (await succeeded()) === CLIENTS, "the warm-up runs");

    let seconds = Number.NaN;
    if (PARTS.includes("runs")) {
      const t0 = performance.now();
      await startRuns(started.base, chain, RUNS);
      await until(async () => (await succeeded()) === CLIENTS + RUNS, "the measured runs");
      seconds = (performance.now() - t0) / 1000;
    }
    const starts = PARTS.includes("starts")
      ? await startRuns(started.base, parked, STARTS)
      : { clientMs: [], serverMs: [], seconds: Number.NaN };
    const requests = Math.ceil(STARTS / BATCH);
    const batched = PARTS.includes("batch") ? await startRuns(started.base, parked, requests, BATCH) : null;
    return {
      // The label names the bench's own connection settings; the app opens its own (as `npm start` does).
      database: database.provider === "sqlite" ? "SQLite (app's settings)" : "PostgreSQL (app's settings)",
      mode,
      stepsPerSecond: (RUNS * STEPS) / seconds,
      startsPerSecond: STARTS / starts.seconds,
      batchStartsPerSecond: batched ? (requests * BATCH) / batched.seconds : Number.NaN,
      clientMs: starts.clientMs,
      serverMs: starts.serverMs,
    };
  } finally {
    await stop(worker);
    await stop(app);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await database.dispose();
  }
}

async function main(): Promise<void> {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(`bench:e2e ${new Date().toISOString()} on ${os.cpus().length} cores, load ${load}`);
  console.log(`${RUNS} runs of ${STEPS} no-op stdio MCP steps, ${CLIENTS} clients; ${STARTS} starts of a parked run\n`);
  const peer =
    opts.peer === "dbos"
      ? (await runDbos(opts["postgres-url"], { runs: RUNS, steps: STEPS, concurrency: CLIENTS })).stepsPerSecond
      : null;
  if (peer !== null) console.log(`DBOS ${DBOS_VERSION}, ${CLIENTS} workflows in flight, in-process: ${int(peer)} steps/s`);
  const wanted = opts.databases.split(",");
  const rows: Figures[] = [];
  for (const mode of MODES) {
    if (wanted.includes("sqlite")) rows.push(await switchyard(() => openSqlite(null), mode));
    if (wanted.includes("postgresql"))
      rows.push(await switchyard(() => openPostgres(opts["postgres-url"], () => undefined), mode));
  }
  const target = (f: Figures) => (f.database.startsWith("SQLite") ? 10 : 5);
  console.log(
    "\n" +
      table(
        [
          "Switchyard over HTTP",
          "served by",
          "steps/s",
          "x DBOS (target)",
          "starts/s",
          "start p50/p99 client ms",
          "p50/p99 server ms",
          `starts/s, ${BATCH} per request`,
        ],
        rows.map((f) => [
          f.database,
          f.mode === "front" ? "front" : f.mode === "next" ? "Next.js" : "front + worker",
          int(f.stepsPerSecond),
          peer === null ? "-" : `${(f.stepsPerSecond / peer).toFixed(1)}x (>= ${target(f)}x)`,
          int(f.startsPerSecond),
          `${median(f.clientMs).toFixed(1)} / ${quantile(f.clientMs, 0.99).toFixed(1)}`,
          f.serverMs.length ? `${median(f.serverMs).toFixed(2)} / ${quantile(f.serverMs, 0.99).toFixed(2)}` : "-",
          Number.isNaN(f.batchStartsPerSecond) ? "-" : int(f.batchStartsPerSecond),
        ]),
      ),
  );
  console.log(
    `Load at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
