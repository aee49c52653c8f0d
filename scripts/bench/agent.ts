/**
 * npm run bench:agent — what the executor adds to each agent turn, over the model call.
 *
 * SQLite (a temp file), the Engine as the app builds it (createEngine), the no-op stdio MCP tool of bench:engine and
 * the scripted model server over HTTP: each run is one agent step of --turns turns, each turn one model call asking
 * for one no-op tool call, then a structured answer. For every turn, the executor's overhead is the turn's wall time
 * (from the commit that asked the model to the commit that asks it again) minus the model call's latency (as the
 * provider layer measured it) minus the tool call's latency (StepAttempt.latencyMs): committing the answer, starting
 * the tool call, committing its result, building the next prompt.
 *
 *   npx tsx scripts/bench/agent.ts [--runs 40] [--turns 5]
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import { createTestDatabase } from "@/server/test/databases";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { createEngine } from "@/server/services/host/engine-host";
import { checkServer, createServer } from "@/server/services/servers/servers";
import { createModelProvider } from "@/server/services/agents/model-providers";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { startRun } from "@/server/services/runs/runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { ms, quantile, table } from "./stats";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" }, turns: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
const TURNS = Number(values.turns);

const scenario: Scenario = {
  model: "bench",
  turns: [
    ...Array.from({ length: TURNS - 1 }, (_, i) => ({ toolCalls: [{ name: "noop__noop", args: { n: i } }] })),
    { text: '{"done":true}' },
  ],
};

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Agent bench",
  startAt: "agent",
  states: {
    agent: {
      type: "agent",
      instructions: "Call the no-op tool until done.",
      model: { provider: "Bench", model: "bench" },
      tools: [{ server: "noop", tool: "noop" }],
      budgets: { maxTurns: TURNS + 1 },
      output: { type: "object", properties: { done: { type: "boolean" } }, required: ["done"] },
      next: "done",
    },
    done: { type: "succeed" },
  },
};

async function main(): Promise<void> {
  const model = await startModelServer({ scenarios: [scenario] });
  const t = await createTestDatabase("sqlite");
  const box = new SecretBox(randomBytes(32));
  const pool = createMcpPool(t.db, box);
  const engine = createEngine(t.db, pool, { url: t.url, pollMs: 50, observability: false, box });
  try {
    const fixture = path.resolve(import.meta.dirname, "fixtures/noop-server.ts");
    const { id } = await createServer(
      { db: t.db, box, pool },
      { name: "noop", config: { transport: "stdio", command: "node", args: ["--import", "tsx", fixture], env: {} } },
    );
    await checkServer({ db: t.db, box, pool }, id);
    await createModelProvider(t.db, box, {
      name: "Bench",
      kind: "openai-compatible",
      baseUrl: model.baseUrl,
      models: [{ modelId: "bench" }],
    });
    const wf = await createWorkflow(t.db, { name: "Agent bench", definition });
    await publishWorkflow(t.db, { id: wf.id });
    await engine.start();
    const overheads: number[] = [];
    const modelMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { runId } = await startRun(t.db, engine, { workflowId: wf.id, input: {} });
      await until(async () => (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).status === "succeeded");
      if (r < 3) continue; // warm-up: connections, prepared statements, JIT
      const turns = await turnOverheads(t.db, runId);
      overheads.push(...turns.overhead);
      modelMs.push(...turns.model);
    }
    const row = (name: string, v: number[]) => [name, ms(quantile(v, 0.5)), ms(quantile(v, 0.99)), String(v.length)];
    console.log(`\nAgent turns on SQLite (${RUNS - 3} runs x ${TURNS} turns, scripted model over HTTP, no-op stdio tool)\n`);
    console.log(
      table(
        ["per turn (ms)", "p50", "p99", "n"],
        [row("executor overhead", overheads), row("model call (HTTP)", modelMs)],
        [false, true, true, true],
      ),
    );
  } finally {
    await engine.stop();
    await pool.closeAll();
    await t.dispose();
    await model.close();
  }
}

/** Per turn: the wall time between the commits that asked the model, minus the model's and the tool's latency. */
async function turnOverheads(db: Awaited<ReturnType<typeof createTestDatabase>>["db"], runId: string) {
  const transitions = await db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  const attempts = await db.stepAttempt.findMany({ where: { runId, purpose: "agent" }, orderBy: { attempt: "asc" } });
  const asked = transitions.filter((tr) => (tr.commands as { type: string }[]).some((c) => c.type === "call_model"));
  const answers = transitions.filter((tr) => (tr.event as { type: string }).type === "model_done");
  const overhead: number[] = [];
  const model: number[] = [];
  for (let i = 0; i + 1 < asked.length; i++) {
    const wall = asked[i + 1]!.createdAt.getTime() - asked[i]!.createdAt.getTime();
    const latency = (answers[i]!.event as { answer: { latencyMs: number } }).answer.latencyMs;
    const tool = attempts[i]?.latencyMs ?? 0;
    overhead.push(wall - latency - tool);
    model.push(latency);
  }
  return { overhead, model };
}

async function until(f: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error("The run did not finish in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

await main();
