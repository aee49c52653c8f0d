/**
 * Sub-workflow steps end to end: a real database, the demo MCP servers as real processes. The parent starts a run of
 * another published workflow, takes its output, links both ways; bad input is refused when the step starts the
 * child; cancelling the parent cancels the child.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { cancelRun, startRun } from "../../services/runs/runs";
import { getEscalation } from "../../services/inbox/escalations";
import { createWorkflow, publishWorkflow } from "../../services/workflows/workflows";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { FINAL_STATUSES, type RunStatus } from "../core/types";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const ended = (status: string) => FINAL_STATUSES.includes(status as RunStatus);

const findCustomer = {
  schemaVersion: 1,
  name: "Find the customer",
  input: { type: "object", properties: { email: { type: "string", format: "email" } }, required: ["email"] },
  startAt: "find",
  states: {
    find: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.email %}" },
      assign: { customer: "{% $result %}" },
      next: "done",
    },
    done: { type: "succeed", output: { name: "{% $customer.name %}" } },
  },
} as unknown as WorkflowDefinition;

const waitsForPerson = {
  schemaVersion: 1,
  name: "Ask a person",
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Approve?", options: [{ id: "ok", label: "OK", next: "done" }] },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

async function publishParent(w: DemoWorld, childId: string, email: string) {
  const definition = {
    schemaVersion: 1,
    name: "Support",
    startAt: "lookup",
    states: {
      lookup: {
        type: "subWorkflow",
        workflowId: childId,
        input: { email },
        assign: { customer: "{% $result %}" },
        next: "done",
      },
      done: { type: "succeed", output: "{% $customer.name %}" },
    },
  } as unknown as WorkflowDefinition;
  const { id } = await createWorkflow(w.t.db, { name: "Support", definition });
  await publishWorkflow(w.t.db, { id });
  return id;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a sub-workflow step", () => {
  it("runs the other workflow as a run of its own, linked both ways, and takes its output", async () => {
    world = await demoWorld("sqlite", { definition: findCustomer, servers: ["crm"] });
    const parentId = await publishParent(world, world.workflowId, "{% $input.customerEmail %}");
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: parentId, input: ADA });
    const run = await settle(world, runId, 120_000, ended);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: unknown }).value).toBe("Ada Lovelace");
    const child = await world.t.db.run.findUniqueOrThrow({ where: { id: `${runId}.lookup.1.run` } });
    expect(child.workflowId).toBe(world.workflowId);
    expect(child.status).toBe("succeeded");
    const calls = readCallLog(world.stateDir, "crm").filter((c) => c.executed);
    expect(calls.map((c) => c.idempotencyKey)).toEqual([`${runId}.lookup.1.run:find:1`]);
  }, 240_000);

  it("refuses input that does not fit the child's input schema when it starts the child (no child run)", async () => {
    world = await demoWorld("sqlite", { definition: findCustomer, servers: ["crm"] });
    const parentId = await publishParent(world, world.workflowId, "{% 'not an email' %}");
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: parentId, input: ADA });
    const deadline = Date.now() + 120_000;
    let escalation = null;
    while (!escalation && Date.now() < deadline) {
      escalation = await world.t.db.escalation.findFirst({ where: { runId } });
      if (!escalation) await new Promise((r) => setTimeout(r, 50));
    }
    expect(escalation?.message).toMatch(/The input does not match the input of ".*" version 1: email: /);
    expect(await world.t.db.run.count({ where: { id: { startsWith: `${runId}.` } } })).toBe(0);
  }, 240_000);

  it("the child's inbox item names the parent run; cancelling the parent cancels the child run", async () => {
    world = await demoWorld("sqlite", { definition: waitsForPerson, servers: [] });
    const parentId = await publishParent(world, world.workflowId, "{% $input.customerEmail %}");
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: parentId, input: ADA });
    const childId = `${runId}.lookup.1.run`;
    await waitFor(async () => (await world!.t.db.run.findUnique({ where: { id: childId } }))?.status === "waiting");
    const item = await world.t.db.escalation.findFirstOrThrow({ where: { runId: childId } });
    expect((await getEscalation(world.t.db, item.id)).partOf).toEqual({ runId, stateId: "lookup", workflowName: "Support" });
    await cancelRun(world.t.db, world.engine, { runId, compensate: false, by: "sam" });
    expect((await settle(world, childId, 120_000, ended)).status).toBe("cancelled");
    expect((await settle(world, runId, 120_000, ended)).status).toBe("cancelled");
  }, 240_000);
});
