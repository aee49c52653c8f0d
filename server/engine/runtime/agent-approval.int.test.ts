/**
 * People in the loop of an agent step, through the inbox service: a call of a tool
 * annotated destructive (orders.issue_refund) waits for a person, who approves it,
 * approves it with edited arguments, or rejects it with a reason the model reads.
 * Real database, real demo MCP servers, the scripted model over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { Resolution } from "@/lib/inbox/escalations";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { startRun } from "../../services/runs/runs";
import { createWorkflow, publishWorkflow } from "../../services/workflows/workflows";
import { getEscalation, resolveEscalation } from "../../services/inbox/escalations";
import { PROVIDERS } from "../../test/databases";
import { ensureCatalog, registerScripted, SCRIPTED_KEY } from "../../test/agent-fixtures";

const scenarios: Scenario[] = [
  {
    model: "refunder",
    turns: [
      {
        text: "The kettle arrived damaged; the procedure says to refund it.",
        toolCalls: [{ name: "orders__issue_refund", args: { orderId: "ORD-1001", amount: 12, reason: "damaged" } }],
      },
      [
        { ifLastMessageIncludes: "rejected this call", text: '{"outcome":"rejected"}' },
        { ifLastMessageIncludes: "edited arguments", text: '{"outcome":"edited"}' },
        { text: '{"outcome":"approved"}' },
      ],
    ],
  },
];

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Refunding agent",
  startAt: "agent",
  states: {
    agent: {
      type: "agent",
      title: "Handle the complaint",
      instructions: "Handle the complaint of {% $input.customerEmail %}.",
      model: { provider: "Scripted", model: "refunder" },
      tools: [
        { server: "orders", tool: "get_order" },
        { server: "orders", tool: "issue_refund" },
      ],
      output: { type: "object", properties: { outcome: { type: "string" } }, required: ["outcome"] },
      assign: { outcome: "{% $result.outcome %}" },
      next: "done",
    },
    done: { type: "succeed", output: { outcome: "{% $outcome %}" } },
  },
};

describe.each(PROVIDERS)("approvals of an agent's destructive calls on %s", (provider) => {
  let model: ModelServer;
  let world: DemoWorld;
  let workflowId: string;

  beforeAll(async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    world = await demoWorld(provider, { definition });
    await ensureCatalog(world, ["orders"]);
    await registerScripted(world, model, scenarios);
    ({ id: workflowId } = await createWorkflow(world.t.db, { name: "Refunding agent (test)", definition }));
    await publishWorkflow(world.t.db, { id: workflowId });
  }, 300_000);
  afterAll(async () => {
    await world?.dispose();
    await model?.close();
  });

  /** Starts a run, checks what the inbox shows, decides, and returns the outcome with the refund calls made. */
  async function decide(resolution: Resolution) {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId, input: ADA });
    expect((await settle(world, runId)).status).toBe("waiting");
    // Nothing was refunded before the person decided.
    const refunds = () => world.t.db.stepAttempt.findMany({ where: { runId, tool: "issue_refund" } });
    expect(await refunds()).toEqual([]);
    const open = await world.t.db.escalation.findFirstOrThrow({ where: { runId, status: "open" } });
    const item = await getEscalation(world.t.db, open.id);
    expect(item.reason).toBe("agent_approval");
    expect(item.agentCall).toMatchObject({ server: "orders", tool: "issue_refund", args: { amount: 12 } });
    // The agent's reasoning so far is shown.
    expect(JSON.stringify(item.agentCall?.transcript)).toContain("the procedure says to refund it");
    await resolveEscalation(world.t.db, world.engine, { id: open.id, by: "Grace", resolution });
    const run = await settle(world, runId);
    expect(run.status).toBe("succeeded");
    return { outcome: (run.output as { value: { outcome: string } }).value.outcome, refunds: await refunds() };
  }

  it("runs the call once a person approves it", async () => {
    const { outcome, refunds } = await decide({ action: "option", optionId: "approve" });
    expect(outcome).toBe("approved");
    expect(refunds.map((r) => [r.status, (r.input as { amount: number }).amount])).toEqual([["succeeded", 12]]);
  });

  it("runs it with the arguments the person edited, and the model is told", async () => {
    const args = { orderId: "ORD-1001", amount: 5, reason: "damaged (partial)" };
    const { outcome, refunds } = await decide({ action: "option", optionId: "approve", data: { args } });
    expect(outcome).toBe("edited");
    expect(refunds.map((r) => [r.status, (r.input as { amount: number }).amount])).toEqual([["succeeded", 5]]);
  });

  it("does not run a rejected call; the model reads the reason", async () => {
    const { outcome, refunds } = await decide({
      action: "option",
      optionId: "reject",
      data: { reason: "Refunds over 10 need a manager" },
    });
    expect(outcome).toBe("rejected");
    expect(refunds).toEqual([]);
  });

  it("refuses a rejection without a reason and arguments that are not an object", async () => {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId, input: ADA });
    await settle(world, runId);
    const open = await world.t.db.escalation.findFirstOrThrow({ where: { runId, status: "open" } });
    const resolve = (resolution: Resolution) =>
      resolveEscalation(world.t.db, world.engine, { id: open.id, by: "Grace", resolution });
    await expect(resolve({ action: "option", optionId: "reject", data: { reason: " " } })).rejects.toMatchObject({
      kind: "invalid",
    });
    await expect(resolve({ action: "option", optionId: "approve", data: { args: [1] } })).rejects.toMatchObject({
      kind: "invalid",
    });
    await expect(resolve({ action: "retry" })).rejects.toMatchObject({ kind: "invalid" });
    await resolve({ action: "cancel", compensate: false });
  });
});
