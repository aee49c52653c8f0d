/**
 * The shipped demo support workflow (examples/workflows/support-escalation.json) end to end against the real demo
 * servers: its three lookups run as branches of one parallel step, each branch a run of its own, and the results
 * arrive under the variables the later steps read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA, demoWorld, GRACE, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import { startRun } from "../runs/runs";
import { rerun } from "../runs/rerun";
import { getRun } from "../runs/run-views";
import { getEscalation } from "../inbox/escalations";
import { until } from "../../test/until";
import type { RunState } from "../../engine/core/types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const final = (status: string) => ["succeeded", "failed", "compensated", "cancelled"].includes(status);

const demo = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../../examples/workflows/support-escalation.json"), "utf8"),
) as WorkflowDefinition;

describe.each(PROVIDERS)("the demo support workflow, lookups in parallel (%s, demo servers)", (provider) => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await demoWorld(provider, { definition: demo });
  });
  afterAll(() => world.dispose());

  it("looks up the customer, the order and the procedure as three branch runs, then refunds the standard case", async () => {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const run = await settle(world, runId, 30_000, final).catch(async (e: unknown) => {
      // What went wrong, for the failure message: each call's status and error.
      const calls = await world.t.db.stepAttempt.findMany({
        where: { runId: { startsWith: runId } },
        select: { runId: true, stateId: true, status: true, error: true },
      });
      throw new Error(`${String(e)}\n${JSON.stringify(calls)}`);
    });
    expect(run.status).toBe("succeeded");
    const state = run.state as unknown as RunState;
    expect(state.path).toEqual(["look_up", "decide", "refund", "log_ticket", "email_customer", "done"]);
    expect(state.vars).toMatchObject({
      customer: { name: "Ada Lovelace" },
      order: { orderId: "ORD-1001" },
      procedure: { title: expect.any(String) as string },
    });
    const branches = await world.t.db.run.findMany({
      where: { id: { startsWith: `${runId}.look_up.1.` } },
      orderBy: { id: "asc" },
      select: { id: true, status: true },
    });
    expect(branches).toEqual(
      ["customer", "order", "procedure"].map((b) => ({ id: `${runId}.look_up.1.${b}`, status: "succeeded" })),
    );
    // Each lookup was called once, by its branch, with the branch in its idempotency key.
    const calls = await world.t.db.stepAttempt.findMany({
      where: { runId: { in: branches.map((b) => b.id) }, purpose: "step" },
      select: { stateId: true, idempotencyKey: true },
    });
    expect(calls.map((c) => c.stateId).sort()).toEqual(["check_order", "lookup_customer", "search_docs"]);
    expect(calls.find((c) => c.stateId === "check_order")?.idempotencyKey).toBe(`${runId}.look_up.1.order:check_order:1`);
  });

  it("a re-run from a step after the parallel step shows the earlier run's branches as reused, through re-runs of re-runs", async () => {
    // Ada's other order (the first test refunded her first one).
    const input = { ...ADA, orderId: "ORD-1006" };
    const { runId: firstId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input });
    expect((await settle(world, firstId, 30_000, final)).status).toBe("succeeded");
    const { runId: againId } = await rerun(world.t.db, world.engine, { runId: firstId, stateId: "log_ticket" });
    expect((await settle(world, againId, 30_000, final)).status).toBe("succeeded");
    // And a re-run of the re-run: it took the parallel step over too, from the run that went through it.
    const { runId: thirdId } = await rerun(world.t.db, world.engine, { runId: againId, stateId: "email_customer" });
    expect((await settle(world, thirdId, 30_000, final)).status).toBe("succeeded");

    const earlier = (await getRun(world.t.db, firstId)).fanouts.find((f) => f.stateId === "look_up");
    expect(earlier?.reusedFrom).toBeUndefined();
    for (const id of [againId, thirdId]) {
      const view = await getRun(world.t.db, id);
      expect(view.reused?.states).toContain("look_up");
      // No branch runs of its own: the page lists the first run's, each as it ended there.
      expect(await world.t.db.run.count({ where: { id: { startsWith: `${id}.look_up.` } } })).toBe(0);
      const lookUp = view.fanouts.find((f) => f.stateId === "look_up");
      expect(lookUp).toMatchObject({
        kind: "parallel",
        reusedFrom: firstId,
        prefix: `${firstId}.look_up.1`,
        counts: { succeeded: 3 },
      });
      expect(lookUp?.branches).toEqual(earlier?.branches);
      expect(lookUp?.branches?.map((b) => [b.id, b.status]).sort()).toEqual(
        ["customer", "order", "procedure"].map((b) => [`${firstId}.look_up.1.${b}`, "succeeded"]),
      );
      expect(lookUp?.branches?.find((b) => b.name === "order")?.path).toEqual(["check_order", "found_order"]);
    }
  });

  it("asks a person when the addresses differ, with what the branches found", async () => {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: GRACE });
    // The run also "waits" while its branches run: until a person is asked.
    const item = await until(() => world.t.db.escalation.findFirst({ where: { runId } }), "the run's inbox item", 30_000);
    const run = await world.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("waiting");
    expect(run.currentState).toBe("review_case");
    expect(item.title).toBe("Review the case of Grace Hopper");
    // The person sees what the branches' steps returned, titled as in the designer.
    const shown = await getEscalation(world.t.db, item.id);
    const steps = Object.fromEntries(shown.earlierSteps.map((s) => [s.title, s.output]));
    expect(Object.keys(steps).sort()).toEqual(["Check the order", "Find the resolution procedure", "Look up the customer"]);
    expect(JSON.stringify(steps["Look up the customer"])).toContain("Grace Hopper");
  });
});
