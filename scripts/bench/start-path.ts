/**
 * The start path without Next.js: `postRun` (server/api/http-routes.ts) called in-process, --clients at a time, on a
 * real engine (`createEngine`, as the app builds it) over a temp SQLite file or a new PostgreSQL database, for a
 * workflow that parks at once. Beside it, the same starts through the batch route. What is left between these figures
 * and bench:e2e's is the HTTP server and Next.js's routing. Asserts nothing.
 *
 *   npx tsx scripts/bench/start-path.ts [--databases sqlite,postgresql] [--starts 2000] [--clients 32] [--batch 50]
 */
import { parseArgs } from "node:util";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { createEngine } from "@/server/services/host/engine-host";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { postRun, postRunBatch } from "@/server/api/http-routes";
import type { AppContext } from "@/server/context";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { openPostgres, openSqlite, type BenchDatabase } from "./engine-world";
import { int, median, quantile, table } from "./stats";

const { values: opts } = parseArgs({
  options: {
    databases: { type: "string", default: "sqlite,postgresql" },
    "postgres-url": {
      type: "string",
      default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    },
    starts: { type: "string", default: "2000" },
    clients: { type: "string", default: "32" },
    batch: { type: "string", default: "50" },
  },
});
const STARTS = Number(opts.starts);
const CLIENTS = Number(opts.clients);
const BATCH = Number(opts.batch);

const PARKED = {
  schemaVersion: 1,
  name: "bench parked",
  startAt: "later",
  states: { later: { type: "wait", seconds: 3600, next: "done" }, done: { type: "succeed" } },
} as unknown as WorkflowDefinition;

async function clients(count: number, one: (i: number) => Promise<number>): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < count) {
        const i = next++;
        const began = performance.now();
        const status = await one(i);
        if (status !== 201) throw new Error(`answered ${status}`);
        ms.push(performance.now() - began);
      }
    }),
  );
  return { ms, seconds: (performance.now() - t0) / 1000 };
}

async function measure(open: () => Promise<BenchDatabase>): Promise<string[][]> {
  const database = await open();
  const box = new SecretBox(Buffer.alloc(32, 7));
  const pool = createMcpPool(database.db, box);
  const engine = createEngine(database.db, pool, { url: database.url, shared: database.provider === "postgresql" });
  await engine.start();
  try {
    const { id } = await createWorkflow(database.db, { name: PARKED.name, definition: PARKED });
    await publishWorkflow(database.db, { id });
    const ctx: AppContext = { db: database.db, box, pool, control: () => engine };
    const url = `http://127.0.0.1/api/workflows/${id}/runs`;
    const post = (u: string, body: unknown) =>
      new Request(u, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const one = async (i: number) => (await postRun(ctx, post(url, { n: i }), id)).status;
    const batch = async (i: number) => {
      const inputs = Array.from({ length: BATCH }, (_, k) => ({ n: i * BATCH + k }));
      return (await postRunBatch(ctx, post(`${url}/batch`, { inputs }), id)).status;
    };
    await clients(CLIENTS * 2, one); // warm-up
    const single = await clients(STARTS, one);
    const batched = await clients(Math.ceil(STARTS / BATCH), batch);
    const label = database.provider === "sqlite" ? "SQLite" : "PostgreSQL";
    return [
      [
        `${label}, one run per request`,
        int(STARTS / single.seconds),
        `${median(single.ms).toFixed(2)} / ${quantile(single.ms, 0.99).toFixed(2)}`,
      ],
      [
        `${label}, ${BATCH} runs per request`,
        int(STARTS / batched.seconds),
        `${median(batched.ms).toFixed(2)} / ${quantile(batched.ms, 0.99).toFixed(2)}`,
      ],
    ];
  } finally {
    await engine.stop();
    await pool.closeAll();
    await database.dispose();
  }
}

async function main(): Promise<void> {
  // The SQLite writer thread does not keep a process alive (an app has its HTTP server for that).
  const alive = setInterval(() => undefined, 1000);
  console.log(`start path in-process: ${STARTS} starts, ${CLIENTS} clients`);
  const rows: string[][] = [];
  const wanted = opts.databases.split(",");
  if (wanted.includes("sqlite")) rows.push(...(await measure(() => openSqlite(null))));
  if (wanted.includes("postgresql")) rows.push(...(await measure(() => openPostgres(opts["postgres-url"], () => undefined))));
  process.stdout.write(table(["postRun in-process", "starts/s", "per request p50 / p99 ms"], rows) + "\n");
  clearInterval(alive);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
