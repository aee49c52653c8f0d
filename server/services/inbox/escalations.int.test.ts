/** The inbox's actions against the real executor, database and demo servers. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, GRACE, instantClock, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { startRun } from "../runs/runs";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { getEscalation, listEscalations, resolveEscalation } from "./escalations";
import { type AppError } from "@/lib/errors";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

// The tests on the demo servers share one world (five server processes): each publishes its own workflow and reads only
// its own run's calls (the engine sends `${runId}:${state}:${attempt}` as every call's idempotency key).
let shared: DemoWorld;
beforeAll(async () => {
  shared = await demoWorld("sqlite");
});
afterAll(() => shared.dispose());

let published = 0;
async function publish(w: DemoWorld, definition: WorkflowDefinition): Promise<string> {
  const { id } = await createWorkflow(w.t.db, { name: `${definition.name} ${++published}`, definition });
  await publishWorkflow(w.t.db, { id });
  return id;
}

const callsOf = (w: DemoWorld, server: string, runId: string) =>
  readCallLog(w.stateDir, server).filter((c) => c.idempotencyKey?.startsWith(`${runId}:`));

const def = (states: Record<string, unknown>): WorkflowDefinition =>
  ({
    schemaVersion: 1,
    name: "Inbox test",
    input: { type: "object", properties: { email: { type: "string" }, orderId: { type: "string" } } },
    startAt: Object.keys(states)[0],
    states,
  }) as unknown as WorkflowDefinition;

async function firstEscalation(w: DemoWorld, runId: string) {
  await settle(w, runId);
  const [item] = (await listEscalations(w.t.db)).items.filter((e) => e.runId === runId);
  if (!item) throw new Error("no escalation");
  return getEscalation(w.t.db, item.id);
}

describe("the inbox", () => {
  it("lets exactly one of two people resolve an item; the other learns who did and when", async () => {
    const { runId } = await startRun(shared.t.db, shared.engine, { workflowId: shared.workflowId, input: GRACE });
    const item = await firstEscalation(shared, runId);
    expect(item.context).toMatchObject({ Customer: "Grace Hopper" });
    // The step's title is read with the run's data, on the item and its small canvas.
    expect(item.stateTitle).toBe("Review the case of Grace Hopper");
    expect((item.definition.states as Record<string, { title?: string }>).review_case?.title).toBe(
      "Review the case of Grace Hopper",
    );
    expect(item.earlierSteps.map((s) => s.stateId)).toEqual(["lookup_customer", "check_order", "search_docs"]);
    const act = (by: string) =>
      resolveEscalation(shared.t.db, shared.engine, { id: item.id, by, resolution: { action: "option", optionId: "decline" } });
    const outcomes = await Promise.allSettled([act("ann"), act("bob")]);
    const rejected = outcomes.filter((o) => o.status === "rejected");
    expect(rejected).toHaveLength(1);
    const reason = (rejected[0] as PromiseRejectedResult).reason as AppError;
    expect(reason.kind).toBe("conflict");
    expect(reason.message).toMatch(/^Already resolved by (ann|bob) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect((await settle(shared, runId)).status).toBe("succeeded");
    const history = (await getEscalation(shared.t.db, item.id)).history;
    expect(history.map((h) => h.kind)).toEqual(["opened", "resolved"]);
    expect(history[1]).toMatchObject({ by: expect.stringMatching(/^(ann|bob)$/) as unknown, decision: "chose “decline”" });
  });

  it("retries a failed step with edited arguments", async () => {
    const workflowId = await publish(
      shared,
      def({
        find: { type: "tool", server: "crm", tool: "find_customer", input: { email: "{% $input.email %}" }, next: "done" },
        done: { type: "succeed", output: "{% $customer %}" },
      }),
    );
    const { runId } = await startRun(shared.t.db, shared.engine, { workflowId, input: { email: "nobody@example.com" } });
    const item = await firstEscalation(shared, runId);
    expect(item.reason).toBe("no_route");
    expect(item.lastArgs).toEqual({ email: "nobody@example.com" });
    await resolveEscalation(shared.t.db, shared.engine, {
      id: item.id,
      by: "sam",
      resolution: { action: "retry", args: { email: "ada.lovelace@example.com" } },
    });
    expect((await settle(shared, runId)).status).toBe("succeeded");
    const calls = callsOf(shared, "crm", runId)
      .filter((c) => c.tool === "find_customer")
      .map((c) => c.arguments);
    expect(calls).toEqual([{ email: "nobody@example.com" }, { email: "ada.lovelace@example.com" }]);
  });

  it("aborts with compensation: the completed refund is reversed", async () => {
    const workflowId = await publish(
      shared,
      def({
        refund: {
          type: "tool",
          server: "orders",
          tool: "issue_refund",
          input: { orderId: "{% $input.orderId %}", amount: 10, reason: "test" },
          assign: { refund: "{% $result %}" },
          compensate: { server: "orders", tool: "reverse_refund", input: { refundId: "{% $refund.refundId %}" } },
          next: "find",
        },
        find: { type: "tool", server: "crm", tool: "find_customer", input: { email: "nobody@example.com" }, next: "done" },
        done: { type: "succeed" },
      }),
    );
    const { runId } = await startRun(shared.t.db, shared.engine, { workflowId, input: { orderId: "ORD-1001" } });
    const item = await firstEscalation(shared, runId);
    await resolveEscalation(shared.t.db, shared.engine, {
      id: item.id,
      by: "sam",
      note: "customer withdrew",
      resolution: { action: "cancel", compensate: true },
    });
    expect((await settle(shared, runId)).status).toBe("cancelled");
    expect(callsOf(shared, "orders", runId).filter((c) => c.tool === "reverse_refund" && c.executed)).toHaveLength(1);
  });

  it("takes the timeout route by itself when the SLA passes", async () => {
    let offset = 0;
    const clock = { ...instantClock, now: () => Date.now() + offset };
    world = await demoWorld("sqlite", {
      servers: [],
      clock,
      definition: def({
        ask: {
          type: "human",
          title: "Approve?",
          options: [{ id: "yes", label: "Yes", next: "done" }],
          slaMinutes: 60,
          onTimeout: "late",
        },
        done: { type: "succeed" },
        late: { type: "fail", error: "sla_expired" },
      }),
    });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} });
    const item = await firstEscalation(world, runId);
    offset = 61 * 60_000;
    const run = await settle(world, runId, 90_000, (s) => s !== "waiting");
    expect(run).toMatchObject({ status: "failed", failure: { code: "sla_expired" } });
    expect((await getEscalation(world.t.db, item.id)).status).toBe("resolved");
  });
});
