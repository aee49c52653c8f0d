/**
 * What a live run page costs the server per transition (issue 24, live views). Before session 9 the page read the
 * whole run again on every transition (`runs.get`: server/services/runs/run-views.ts#getRun, every transition, attempt
 * and escalation), O(n) per transition and O(n^2) over a run; now the live feed sends a delta (runs.delta /
 * live.feed: server/services/runs/run-delta.ts) of what the transition changed. Both are timed here, side by side, with
 * their superjson serialization (what the server does before writing the answer), on a run of --steps human steps
 * approved one after the other on a real engine over a temp SQLite file (--steps transitions and --steps - 1 resolved
 * escalations: the worst case for the delta's escalation read), and on one a tenth as long. Target: under 50 ms of
 * server time per transition for a 1,000-step run. Asserts nothing.
 *
 *   npx tsx scripts/bench/run-page.ts [--steps 1000] [--repeat 20]
 */
import { parseArgs } from "node:util";
import superjson from "superjson";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { createEngine } from "@/server/services/host/engine-host";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { startRun } from "@/server/services/runs/runs";
import { getRun } from "@/server/services/runs/run-views";
import { runDelta } from "@/server/services/runs/run-delta";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { Db } from "@/server/db/client";
import type { Engine } from "@/server/engine/runtime/engine";
import type { RunState } from "@/server/engine/core/types";
import { openSqlite } from "./engine-world";
import { median, quantile, table } from "./stats";

const { values: opts } = parseArgs({
  options: { steps: { type: "string", default: "1000" }, repeat: { type: "string", default: "20" } },
});
const STEPS = Number(opts.steps);
const REPEAT = Number(opts.repeat);

function checks(steps: number): WorkflowDefinition {
  const states: WorkflowDefinition["states"] = { done: { type: "succeed" } };
  for (let i = 1; i <= steps; i++) {
    const next = i === steps ? "done" : `s${i + 1}`;
    states[`s${i}`] = { type: "human", title: `Check ${i}`, options: [{ id: "ok", label: "OK", next }] };
  }
  return { schemaVersion: 1, name: `bench checks ${steps}`, startAt: "s1", states };
}

async function approve(db: Db, engine: Engine, runId: string): Promise<void> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const pending = (run.state as unknown as RunState).pending;
  if (pending?.type !== "human") throw new Error("no person is awaited");
  const event = { type: "human_resolved" as const, escalationId: pending.escalationId, optionId: "ok", by: "bench" };
  await engine.deliver(runId, event, undefined, { id: pending.escalationId, by: "bench", resolution: {} });
}

/** A run waiting at its last step, `steps` transitions long. */
async function longRun(db: Db, engine: Engine, steps: number): Promise<string> {
  const definition = checks(steps);
  const { id } = await createWorkflow(db, { name: definition.name, definition });
  await publishWorkflow(db, { id });
  const { runId } = await startRun(db, engine, { workflowId: id, input: {} });
  for (let i = 1; i < steps; i++) await approve(db, engine, runId);
  return runId;
}

async function time(read: () => Promise<unknown>): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REPEAT + 2; i++) {
    const t0 = performance.now();
    const text = superjson.stringify(await read());
    if (i >= 2) ms.push(performance.now() - t0);
    bytes = Buffer.byteLength(text);
  }
  return { ms, bytes };
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
      const runId = await longRun(database.db, engine, steps);
      const { seq } = await database.db.run.findUniqueOrThrow({ where: { id: runId }, select: { seq: true } });
      const whole = await time(() => getRun(database.db, runId));
      const delta = await time(() => runDelta(database.db, runId, seq - 1));
      for (const [what, t] of [
        ["whole run (runs.get), before", whole],
        ["delta of the last transition", delta],
      ] as const) {
        const p50 = median(t.ms).toFixed(1);
        rows.push([
          String(steps),
          String(seq),
          what,
          `${p50} / ${quantile(t.ms, 0.95).toFixed(1)}`,
          t.bytes.toLocaleString("en-US"),
        ]);
      }
    }
    const header = ["steps", "transitions", "per transition the page reads", "server ms p50 / p95", "bytes"];
    process.stdout.write(table(header, rows, [true, true, false, true, true]) + "\n");
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
