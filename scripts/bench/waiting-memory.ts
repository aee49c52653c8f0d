/**
 * What waiting runs cost the server's memory (issue 24: "100,000 waiting runs change the server's RSS by less than
 * 50 MB"). A real engine (`createEngine`, as the app builds it) over a temp SQLite file or a new PostgreSQL database;
 * --runs runs of a workflow that parks at once (a one-hour wait: a timer row, nothing in memory) started through the
 * same service as the batch route (startRuns, MAX_BATCH_RUNS per call, 4 calls in flight). RSS and heap after a full
 * GC, once 1,000 warm-up runs have started (so what is lazily built is there) and again after the waiting runs, with
 * two of the engine's poll rounds in between. Asserts nothing.
 *
 *   node --expose-gc --import tsx scripts/bench/waiting-memory.ts [--databases sqlite,postgresql] [--runs 100000]
 */
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { createEngine } from "@/server/services/host/engine-host";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { MAX_BATCH_RUNS, startRuns } from "@/server/services/runs/runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { openPostgres, openSqlite, type BenchDatabase } from "./engine-world";
import { int, table } from "./stats";

const { values: opts } = parseArgs({
  options: {
    databases: { type: "string", default: "sqlite" },
    "postgres-url": {
      type: "string",
      default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    },
    runs: { type: "string", default: "100000" },
  },
});
const RUNS = Number(opts.runs);
const IN_FLIGHT = 4;

const PARKED = {
  schemaVersion: 1,
  name: "bench parked",
  startAt: "later",
  states: { later: { type: "wait", seconds: 3600, next: "done" }, done: { type: "succeed" } },
} as unknown as WorkflowDefinition;

interface Memory {
  rss: number;
  heap: number;
}

async function settled(): Promise<Memory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

async function startMany(count: number, start: (inputs: object[]) => Promise<void>): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (done < count) {
        const size = Math.min(MAX_BATCH_RUNS, count - done);
        done += size;
        await start(Array.from({ length: size }, (_, k) => ({ n: done - size + k })));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function measure(open: () => Promise<BenchDatabase>): Promise<string[]> {
  const database = await open();
  const box = new SecretBox(Buffer.alloc(32, 7));
  const pool = createMcpPool(database.db, box);
  const engine = createEngine(database.db, pool, { url: database.url, shared: database.provider === "postgresql" });
  await engine.start();
  try {
    const { id } = await createWorkflow(database.db, { name: PARKED.name, definition: PARKED });
    await publishWorkflow(database.db, { id });
    const start = async (inputs: object[]) => {
      const { starts } = await startRuns(database.db, engine, { workflowId: id, inputs });
      if (starts.some((s) => !("runId" in s))) throw new Error("a start failed");
    };
    await startMany(1000, start);
    await sleep(1000); // Two poll rounds of the engine (250 ms) and more.
    const before = await settled();
    const seconds = await startMany(RUNS, start);
    await sleep(1000);
    const after = await settled();
    const waiting = await database.db.run.count({ where: { workflowId: id, status: "waiting" } });
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return [
      database.provider === "sqlite" ? "SQLite" : "PostgreSQL",
      int(waiting),
      int(RUNS / seconds),
      `${mb(before.rss)} -> ${mb(after.rss)} (${mb(after.rss - before.rss)})`,
      `${mb(before.heap)} -> ${mb(after.heap)} (${mb(after.heap - before.heap)})`,
    ];
  } finally {
    await engine.stop();
    await pool.closeAll();
    await database.dispose();
  }
}

async function main(): Promise<void> {
  const alive = setInterval(() => undefined, 1000); // The SQLite writer thread does not keep the process alive.
  const rows: string[][] = [];
  const wanted = opts.databases.split(",");
  if (wanted.includes("sqlite")) rows.push(await measure(() => openSqlite(null)));
  if (wanted.includes("postgresql")) rows.push(await measure(() => openPostgres(opts["postgres-url"], () => undefined)));
  const header = ["database", "runs waiting", "starts/s", "RSS MB before -> after (change)", "heap MB before -> after"];
  process.stdout.write(table(header, rows) + "\n");
  clearInterval(alive);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
