/**
 * The executor end to end: real database, real demo MCP servers over stdio,
 * the demo workflow. Call logs of the servers prove what ran how often.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { ADA, demoWorld, GRACE, patientDemo, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { startRun } from "../../services/runs/runs";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

/** The calls of `runId` (the engine sends `${runId}:${state}:${attempt}` as every call's idempotency key). */
const executed = (w: DemoWorld, server: string, tool: string, runId: string) =>
  readCallLog(w.stateDir, server).filter(
    (c) => c.tool === tool && c.executed && !c.replayed && c.idempotencyKey?.startsWith(`${runId}:`),
  );

describe.each(PROVIDERS)("the executor on %s", (provider) => {
  // The standard and the conflicting case share one world (five server processes): different customers and orders, and
  // each test counts only its own run's calls.
  let shared: DemoWorld;
  beforeAll(async () => {
    // Each step once: no call may time out and be retried because the machine is busy.
    shared = await demoWorld(provider, { definition: patientDemo() });
  });
  afterAll(() => shared.dispose());

  it("runs the standard case to the end, each step once, and records every transition and attempt", async () => {
    const { runId } = await startRun(shared.t.db, shared.engine, { workflowId: shared.workflowId, input: ADA });
    const run = await settle(shared, runId);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: { refunded: boolean } }).value.refunded).toBe(true);
    for (const [server, tool] of [
      ["crm", "find_customer"],
      ["orders", "get_order"],
      ["orders", "issue_refund"],
      ["ticketing", "create_ticket"],
      ["email", "send_email"],
    ] as const) {
      expect(executed(shared, server, tool, runId), `${server}.${tool}`).toHaveLength(1);
    }
    const refund = executed(shared, "orders", "issue_refund", runId)[0]!;
    expect(refund.idempotencyKey).toBe(`${runId}:refund:1`);
    const transitions = await shared.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => t.seq)).toEqual(transitions.map((_, i) => i + 1));
    expect(transitions.at(-1)?.status).toBe("succeeded");
    const attempts = await shared.t.db.stepAttempt.findMany({ where: { runId } });
    expect(attempts.every((a) => a.status === "succeeded" && a.latencyMs !== null)).toBe(true);
    expect(attempts.map((a) => a.stateId).sort()).toEqual([
      "check_order",
      "email_customer",
      "log_ticket",
      "lookup_customer",
      "refund",
      "search_docs",
    ]);
  });

  it("parks a conflicting case on a person and resumes on the chosen option in the resolving transaction", async () => {
    const { runId } = await startRun(shared.t.db, shared.engine, { workflowId: shared.workflowId, input: GRACE });
    const parked = await settle(shared, runId);
    expect(parked).toMatchObject({ status: "waiting", currentState: "review_case" });
    const escalation = await shared.t.db.escalation.findFirstOrThrow({ where: { runId } });
    expect(escalation).toMatchObject({ status: "open", reason: "human_step", assigneeGroup: "support" });
    expect(escalation.title).toBe("Review the case of Grace Hopper");

    const resolve = () =>
      shared.engine.deliver(
        runId,
        { type: "human_resolved", escalationId: escalation.id, optionId: "decline", by: "sam" },
        undefined,
        {
          id: escalation.id,
          by: "sam",
          resolution: { optionId: "decline" },
        },
      );
    const [first, second] = await Promise.all([resolve(), resolve()]);
    // Exactly one resolution wins; the other changes nothing.
    expect([first, second].filter((r) => r && !r.ignored)).toHaveLength(1);
    const done = await settle(shared, runId);
    expect(done.status).toBe("succeeded");
    expect(executed(shared, "orders", "issue_refund", runId)).toHaveLength(0);
    expect(executed(shared, "ticketing", "create_ticket", runId)).toHaveLength(1);
    expect(await shared.t.db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({
      status: "resolved",
      resolvedBy: "sam",
    });
  });

  it("reverses the refund when a late step keeps failing (saga)", async () => {
    world = await demoWorld(provider, {
      definition: patientDemo(),
      faults: { ticketing: { DEMO_FAILURE_RATE: "1", DEMO_FAULT_TOOLS: "create_ticket" } },
    });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const run = await settle(world, runId);
    expect(run).toMatchObject({ status: "failed", failure: { code: "rolled_back" } });
    const refund = executed(world, "orders", "issue_refund", runId);
    const reversal = executed(world, "orders", "reverse_refund", runId);
    expect(refund).toHaveLength(1);
    expect(reversal).toHaveLength(1);
    expect(reversal[0]!.arguments).toMatchObject({ refundId: expect.any(String) as string });
    expect(executed(world, "email", "send_email", runId)).toHaveLength(0);
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId, stateId: "log_ticket" } });
    expect(attempts.map((a) => a.status)).toEqual(["failed", "failed", "failed", "failed", "failed"]);
  });

  it("refuses bad input naming each field, and creates nothing", async () => {
    world = await demoWorld(provider, { servers: [] }); // refused before any call
    const before = await world.t.db.run.count();
    const err = await startRun(world.t.db, world.engine, {
      workflowId: world.workflowId,
      input: { customerEmail: "not-an-email", orderId: 42 },
    }).catch((e: unknown) => e);
    expect((err as { problems: { path: unknown[] }[] }).problems.map((p) => p.path.join("."))).toEqual([
      "input.issue",
      "input.customerEmail",
      "input.orderId",
    ]);
    expect(await world.t.db.run.count()).toBe(before);
  });
});
