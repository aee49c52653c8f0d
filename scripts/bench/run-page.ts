/**
 * What a live run page costs the server per transition today (issue 24, live views): on every transition the page
 * refetches the whole run (`runs.get`: server/services/runs/run-views.ts#getRun, all transitions, attempts, escalations),
 * so a long run costs O(n) per transition and O(n^2) over its life. A real engine over a temp SQLite file runs a chain
 * of --steps zero-second waits (one transition each, no MCP call); then getRun is timed on the finished run, and at
 * a tenth of its length, --repeat times each. Target: under 50 ms of server time per transition for a 1,000-step run.
 * Asserts nothing.
 *
 *   npx tsx scripts/bench/run-page.ts [--steps 1000] [--repeat 20]
 */
import { parseArgs } from "node:util";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { createEngine } from "@/server/services/host/engine-host";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { startRun } from "@/server/services/runs/runs";
import { getRun } from "@/server/services/runs/run-views";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { Db } from "@/server/db/client";
import { openSqlite } from "./engine-world";
import { median, quantile, table } from "./stats";

const { values: opts } = parseArgs({
  options: { steps: { type: "string", default: "1000" }, repeat: { type: "string", default: "20" } },
});
const STEPS = Number(opts.steps);
const REPEAT = Number(opts.repeat);

function waits(steps: number): WorkflowDefinition {
  const states: Record<string, unknown> = {};
  for (let i = 1; i <= steps; i++) states[`w${i}`] = { type: "wait", seconds: 0, next: i === steps ? "done" : `w${i + 1}` };
  states.done = { type: "succeed" };
  return { schemaVersion: 1, name: `bench waits ${steps}`, startAt: "w1", states } as unknown as WorkflowDefinition;
}

async function runToEnd(db: Db, engine: ReturnType<typeof createEngine>, steps: number): Promise<string> {
  const definition = waits(steps);
  const { id } = await createWorkflow(db, { name: definition.name, definition });
  await publishWorkflow(db, { id });
  const { runId } = await startRun(db, engine, { workflowId: id, input: {} });
  for (;;) {
    const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (run?.status === "succeeded") return runId;
    if (run?.status === "failed") throw new Error("the run failed");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function timeGetRun(db: Db, runId: string): Promise<{ ms: number[]; transitions: number }> {
  const ms: number[] = [];
  let transitions = 0;
  for (let i = 0; i < REPEAT + 2; i++) {
    const t0 = performance.now();
    const run = await getRun(db, runId);
    if (i >= 2) ms.push(performance.now() - t0);
    transitions = run.transitions.length;
  }
  return { ms, transitions };
}

async function main(): Promise<void> {
  const database = await openSqlite(null);
  const box = new SecretBox(Buffer.alloc(32, 7));
  const pool = createMcpPool(database.db, box);
  const engine = createEngine(database.db, pool, { url: database.url, shared: false });
  await engine.start();
  try {
    const rows: string[][] = [];
    for (const steps of [Math.ceil(STEPS / 10), STEPS]) {
      const t0 = performance.now();
      const runId = await runToEnd(database.db, engine, steps);
      const seconds = (performance.now() - t0) / 1000;
      const { ms, transitions } = await timeGetRun(database.db, runId);
      rows.push([
        String(steps),
        String(transitions),
        seconds.toFixed(1),
        `${median(ms).toFixed(1)} / ${quantile(ms, 0.95).toFixed(1)}`,
      ]);
    }
    const header = ["steps", "transitions", "run took s", "runs.get p50 / p95 ms"];
    process.stdout.write(table(header, rows) + "\n");
  } finally {
    await engine.stop();
    await pool.closeAll();
    await database.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
