/**
 * Model calls of agent steps in Insights and in the Prometheus metrics: a priced agent and one whose model refuses
 * run for real (scripted model server over HTTP, demo MCP servers); the figures must match the committed answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { agentWorkflow, ensureCatalog, registerScripted, SCRIPTED_KEY, TRIAGE_TURNS } from "../../test/agent-fixtures";
import { PROVIDERS } from "../../test/databases";
import { metricsResponse } from "../../observability/metrics-http";
import { startRun } from "../runs/runs";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { insightsOverview } from "./insights";

const scenarios: Scenario[] = [
  { model: "priced", turns: TRIAGE_TURNS },
  { model: "refusing", turns: [{ error: { status: 400, message: "This request is not allowed" } }] },
];

type Usage = { inputTokens: number; outputTokens: number };
type Answer = { ok: boolean; costUsd?: number; answer?: { usage: Usage } };

const sum = (f: PromFamily, labels: Record<string, string>) =>
  f.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((s, m) => s + Number(m.value ?? 0), 0);

describe.each(PROVIDERS)("model calls in Insights and metrics on %s", (provider) => {
  let model: ModelServer;
  let world: DemoWorld;

  beforeAll(async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    world = await demoWorld(provider, { definition: agentWorkflow("priced") });
    await ensureCatalog(world);
    await registerScripted(world, model, scenarios, { priced: 10_000 });
  }, 300_000);
  afterAll(async () => {
    await world?.dispose();
    await model?.close();
  });

  async function run(definition: WorkflowDefinition, name: string) {
    const { id: workflowId } = await createWorkflow(world.t.db, { name, definition });
    await publishWorkflow(world.t.db, { id: workflowId });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId, input: ADA });
    const settled = await settle(world, runId, 60_000);
    // What the engine does after the commit (the metrics observer among it) is over before anything is counted: on a
    // loaded machine the refused call's count was read before it was made (0 for 1).
    await world.engine.idle();
    const transitions = await world.t.db.transition.findMany({ where: { runId } });
    const answers = transitions.map((t) => t.event as { type: string } & Answer).filter((e) => e.type === "model_done");
    return { workflowId, status: settled.status, answers };
  }

  it("counts tokens, cost, latency and errors per model, step and workflow", async () => {
    const priced = await run(agentWorkflow("priced"), "Priced agent");
    const refused = await run(agentWorkflow("refusing"), "Refused agent");
    expect(priced.status).toBe("succeeded");
    expect(refused.status).toBe("waiting"); // the model error is not caught: a person has it
    const input = priced.answers.reduce((s, a) => s + (a.answer?.usage.inputTokens ?? 0), 0);
    const output = priced.answers.reduce((s, a) => s + (a.answer?.usage.outputTokens ?? 0), 0);
    const cost = priced.answers.reduce((s, a) => s + (a.costUsd ?? 0), 0);
    expect(priced.answers).toHaveLength(3);
    expect(input).toBeGreaterThan(0);
    expect(cost).toBeCloseTo((input * 10_000) / 1_000_000, 9);

    const o = await insightsOverview(world.t.db, { provider, period: "1h" });
    const byModel = new Map(o.models.map((m) => [m.model, m]));
    expect(byModel.get("priced")).toMatchObject({
      provider: "Scripted",
      calls: 3,
      errors: 0,
      inputTokens: input,
      outputTokens: output,
    });
    expect(byModel.get("priced")?.costUsd).toBeCloseTo(cost, 9);
    expect(byModel.get("priced")?.latencyP50Ms).toBeGreaterThan(0);
    expect(byModel.get("refusing")).toMatchObject({ calls: 1, errors: 1, inputTokens: 0, costUsd: 0 });
    expect(byModel.get("refusing")?.topErrors[0]?.error).toMatch(/^model_error: .*\(400\): This request is not allowed/);
    expect(o.agentSteps.find((s) => s.workflowId === priced.workflowId)).toMatchObject({
      workflowName: "Priced agent",
      stateId: "triage",
      stepTitle: "Triage the complaint",
      calls: 3,
      inputTokens: input,
      outputTokens: output,
    });
    const workflow = o.workflows.find((w) => w.workflowId === priced.workflowId);
    expect(workflow?.modelTokens).toBe(input + output);
    expect(workflow?.modelCostUsd).toBeCloseTo(cost, 9);

    const res = await metricsResponse(new Request("http://x/api/metrics"), world.t.db, undefined);
    const families = parsePrometheusTextFormat(await res.text());
    const family = (name: string) => families.find((f) => f.name === name)!;
    const labels = { workflow: priced.workflowId, provider: "Scripted", model: "priced" };
    expect(sum(family("switchyard_model_calls_total"), { ...labels, outcome: "ok" })).toBe(3);
    expect(sum(family("switchyard_model_tokens_total"), { ...labels, direction: "input" })).toBe(input);
    expect(sum(family("switchyard_model_tokens_total"), { ...labels, direction: "output" })).toBe(output);
    expect(sum(family("switchyard_model_cost_usd_total"), labels)).toBeCloseTo(cost, 9);
    expect(
      sum(family("switchyard_model_calls_total"), { workflow: refused.workflowId, model: "refusing", outcome: "model_error" }),
    ).toBe(1);
    expect(family("switchyard_model_call_duration_seconds").type).toBe("HISTOGRAM");
  });
});
