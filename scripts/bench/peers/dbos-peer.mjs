/**
 * The DBOS side of `npm run bench:e2e` and `npm run bench:engine` (started by scripts/bench/peers/dbos.ts): DBOS
 * Transact (installed into a scratch folder, never a dependency of Switchyard) runs RUNS workflows of STEPS steps, each
 * step one call of the same stdio no-op MCP tool Switchyard calls, CONCURRENCY workflows in flight, on a PostgreSQL
 * system database. Then SOLO_RUNS more, one at a time, timing each step: DBOS.runStep's wall time (the call and DBOS's
 * checkpoint) and the call alone inside it. Prints one JSON line: {steps, seconds, stepsPerSecond, solo: [[wall, call]]}.
 *
 *   DBOS_MODULE=<path to @dbos-inc/dbos-sdk> DBOS_SYSTEM_DATABASE_URL=... node scripts/bench/peers/dbos-peer.mjs
 */
import { pathToFileURL } from "node:url";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const RUNS = Number(process.env.RUNS ?? 320);
const STEPS = Number(process.env.STEPS ?? 10);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const SOLO_RUNS = Number(process.env.SOLO_RUNS ?? 0);

const { DBOS } = await import(pathToFileURL(process.env.DBOS_MODULE).href);
const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");

// One MCP connection for every workflow, as Switchyard's pool holds one per server.
const mcp = new Client({ name: "dbos-bench", version: "1.0.0" });
await mcp.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", path.join(ROOT, "scripts/bench/fixtures/noop-server.ts")],
    cwd: ROOT,
  }),
);

/** Per step [wall ms of DBOS.runStep, ms of the MCP call inside it], recorded while `timing` is on. */
const solo = [];
let timing = false;

async function chain() {
  let last = null;
  for (let i = 1; i <= STEPS; i++) {
    let call = 0;
    const t0 = performance.now();
    last = await DBOS.runStep(
      async () => {
        const c0 = performance.now();
        const result = await mcp.callTool({ name: "noop", arguments: { n: i } });
        call = performance.now() - c0;
        return result.content[0].text;
      },
      { name: `s${i}` },
    );
    if (timing) solo.push([performance.now() - t0, call]);
  }
  return last === null ? 0 : last.length;
}
const workflow = DBOS.registerWorkflow(chain, { name: "chain" });

DBOS.setConfig({ name: "switchyard-bench-peer", systemDatabaseUrl: process.env.DBOS_SYSTEM_DATABASE_URL, logLevel: "error" });
await DBOS.launch();

// Warm up (connections, prepared statements), then the measured batch with CONCURRENCY in flight.
for (let i = 0; i < 4; i++) await (await DBOS.startWorkflow(workflow)()).getResult();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < RUNS) {
      next++;
      await (await DBOS.startWorkflow(workflow)()).getResult();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
// One run at a time: each step's own cost with nothing else in flight.
timing = true;
for (let i = 0; i < SOLO_RUNS; i++) await (await DBOS.startWorkflow(workflow)()).getResult();
timing = false;
console.log(JSON.stringify({ steps: RUNS * STEPS, seconds, stepsPerSecond: (RUNS * STEPS) / seconds, solo }));
await DBOS.shutdown();
await mcp.close();
process.exit(0);
