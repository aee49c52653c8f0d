/**
 * Agent steps end to end: the engine on a real database, the demo MCP servers as
 * real processes, and the scripted model server over real HTTP (it counts the
 * model requests). SQLite always; PostgreSQL when TEST_POSTGRES_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { startRun } from "../../services/runs/runs";
import { createWorkflow, publishWorkflow } from "../../services/workflows/workflows";
import { PROVIDERS } from "../../test/databases";
import { agentWorkflow, ensureCatalog, registerScripted, SCRIPTED_KEY, TRIAGE_TURNS } from "../../test/agent-fixtures";

const scenarios: Scenario[] = [
  { model: "triage", turns: TRIAGE_TURNS },
  {
    model: "corrects-itself",
    turns: [
      { text: "Here is my triage: it is damaged." },
      { ifLastMessageIncludes: "does not match", text: '{"category":"damaged","priority":"urgent","reply":"x"}' },
      { ifLastMessageIncludes: "priority", text: '{"category":"damaged","priority":"high","reply":"Sorry, Ada."}' },
    ],
  },
  { model: "priced", turns: TRIAGE_TURNS },
  {
    model: "slow",
    turns: [
      { delayMs: 1200, toolCalls: [{ name: "crm__find_customer", args: { email: ADA.customerEmail } }] },
      ...TRIAGE_TURNS.slice(1),
    ],
  },
];

describe.each(PROVIDERS)("agent steps on %s", (provider) => {
  let model: ModelServer;
  let world: DemoWorld;

  beforeAll(async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    world = await demoWorld(provider, { definition: agentWorkflow("triage") });
    await ensureCatalog(world);
    await registerScripted(world, model, scenarios, { priced: 10_000 });
    // Five demo servers start and list their tools: minutes on a loaded machine.
  }, 300_000);
  afterAll(async () => {
    await world?.dispose();
    await model?.close();
  });

  async function runAgent(definition: WorkflowDefinition) {
    const { id: workflowId } = await createWorkflow(world.t.db, { name: `${definition.name} ${Math.random()}`, definition });
    await publishWorkflow(world.t.db, { id: workflowId });
    const before = model.requests.length;
    const { runId } = await startRun(world.t.db, world.engine, { workflowId, input: ADA });
    const run = await settle(world, runId);
    return { run, runId, output: (run.output as { value?: unknown } | null)?.value, requests: model.requests.slice(before) };
  }
  it("runs a multi-turn agent with several tool calls to a structured answer", async () => {
    const { run, runId, output: out, requests } = await runAgent(agentWorkflow("triage"));
    expect(run.status).toBe("succeeded");
    const output = out as { triage: Record<string, unknown>; spent: { turns: number; toolCalls: number } };
    expect(output.triage).toEqual({ category: "damaged", priority: "high", reply: expect.stringContaining("Ada") as string });
    expect(output.spent).toMatchObject({ turns: 3, toolCalls: 3 });
    // Three model requests; the second saw the CRM's real answer (its branch needs cust_001).
    expect(requests.map((r) => [r.turn, r.tools.length])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId, purpose: "agent" }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.server, a.tool, a.status])).toEqual([
      ["crm", "find_customer", "succeeded"],
      ["orders", "get_order", "succeeded"],
      ["docs", "search_procedures", "succeeded"],
    ]);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(3);
    const transitions = await world.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    const answers = transitions.filter((t) => (t.event as { type: string }).type === "model_done");
    expect(answers).toHaveLength(3);
  });

  it.each([
    ["turns", { maxTurns: 2 }, 2],
    ["tool calls", { maxToolCalls: 2 }, 2],
    ["input tokens", { maxInputTokens: 10 }, 1],
    ["output tokens", { maxOutputTokens: 5 }, 1],
  ] as const)("ends in budget_exceeded (%s) and takes the catch route", async (budget, budgets, modelCalls) => {
    const { run, output, requests } = await runAgent(agentWorkflow("triage", { budgets }));
    expect(run.status).toBe("succeeded");
    expect((output as { gaveUp: string }).gaveUp).toContain(`Budget exceeded (${budget})`);
    expect(requests).toHaveLength(modelCalls);
  });

  it("ends in budget_exceeded (cost) from the model's prices", async () => {
    const { output, requests } = await runAgent(agentWorkflow("priced", { budgets: { maxCostUsd: 0.5 } }));
    expect((output as { gaveUp: string }).gaveUp).toContain("Budget exceeded (cost)");
    expect(requests).toHaveLength(1);
  });

  it("ends in budget_exceeded (time) when the model is slower than the step may take", async () => {
    const { output } = await runAgent(agentWorkflow("slow", { budgets: { maxSeconds: 1 } }));
    expect((output as { gaveUp: string }).gaveUp).toContain("Budget exceeded (time)");
  });

  it("sends an answer that does not match the output schema back with the errors until it does", async () => {
    const { run, output, requests } = await runAgent(agentWorkflow("corrects-itself"));
    expect(run.status).toBe("succeeded");
    expect((output as { triage: unknown }).triage).toEqual({ category: "damaged", priority: "high", reply: "Sorry, Ada." });
    expect(requests).toHaveLength(3);
  });

  it("hands an uncaught failure to a person with the transcript", async () => {
    const { run, runId, requests } = await runAgent(
      agentWorkflow("corrects-itself", { outputAttempts: 1, catch: [{ errors: ["timeout"], next: "gaveUp" }] }),
    );
    expect(run.status).toBe("waiting");
    expect(requests).toHaveLength(2);
    const escalation = await world.t.db.escalation.findFirstOrThrow({ where: { runId } });
    expect(escalation.message).toContain("does not match the output schema");
    const details = escalation.details as { error: { kind: string }; agent: { transcript: { role: string }[]; turns: number } };
    expect(details.error.kind).toBe("invalid_output");
    expect(details.agent.turns).toBe(2);
    expect(details.agent.transcript.map((m) => m.role)).toEqual(["system", "user", "assistant", "user", "assistant"]);
  });
});
