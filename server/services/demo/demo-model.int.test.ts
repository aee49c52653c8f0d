/**
 * The AI triage demo as `npm start` ships it: the scripted model server with the
 * shipped scenarios, registered as "Demo model (scripted)" by the demo's own code,
 * the demo MCP servers as real processes; no API key anywhere.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import { loadScenarios } from "@/examples/model-server/main";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { ensureCatalog } from "../../test/agent-fixtures";
import { SecretBox } from "../../security/secrets";
import { startRun } from "../runs/runs";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { pointDemoModel, registerDemoModel } from "./demo-model";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TRIAGE = JSON.parse(
  readFileSync(path.join(ROOT, "examples/workflows/support-triage-agent.json"), "utf8"),
) as WorkflowDefinition;

describe("the AI triage demo on the scripted demo model", () => {
  let model: ModelServer;
  let world: DemoWorld;

  beforeAll(async () => {
    model = await startModelServer({ scenarios: loadScenarios(path.join(ROOT, "examples/model-server/scenarios")) });
    world = await demoWorld("sqlite", { definition: TRIAGE });
    await ensureCatalog(world, ["crm", "orders", "docs", "ticketing"]);
    await registerDemoModel(world.t.db, new SecretBox(Buffer.from(world.secretKey, "base64")), ROOT);
    await pointDemoModel(world.t.db, model.baseUrl);
  }, 300_000);
  afterAll(async () => {
    await world?.dispose();
    await model?.close();
  });

  it("triages with the CRM, order and docs tools, drafts the reply as structured output and logs the ticket", async () => {
    const { id } = await createWorkflow(world.t.db, { name: "AI support triage (test)", definition: TRIAGE });
    await publishWorkflow(world.t.db, { id });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: id, input: ADA });
    const run = await settle(world, runId);
    expect(run.status).toBe("succeeded");
    const output = (run.output as { value: { ticketId: string; triage: Record<string, string> } }).value;
    expect(output.triage).toMatchObject({
      customerId: "cust_001",
      priority: "high",
      reply: expect.stringContaining("Ada") as string,
    });
    expect(output.ticketId).toMatch(/\S/);
    expect(model.requests.map((r) => r.tools.length)).toEqual([3, 3, 3]);
    const calls = await world.t.db.stepAttempt.findMany({ where: { runId, purpose: "agent" }, orderBy: { attempt: "asc" } });
    expect(calls.map((c) => `${c.server}.${c.tool}:${c.status}`)).toEqual([
      "crm.find_customer:succeeded",
      "orders.get_order:succeeded",
      "docs.search_procedures:succeeded",
    ]);
  });
});
