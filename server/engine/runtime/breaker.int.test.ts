/**
 * A flaky server (half its calls fail) trips its circuit breaker: runs wait
 * while it is open, a probe closes it again, and every run still finishes.
 * The runs' histories show the calls refused while the breaker was open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { startRun } from "../../services/runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "Check an order",
  input: { type: "object", properties: { orderId: { type: "string" } } },
  startAt: "check",
  states: {
    check: {
      type: "tool",
      server: "orders",
      tool: "get_order",
      input: { orderId: "{% $input.orderId %}" },
      retry: { maxAttempts: 30, initialDelayMs: 20, backoffRate: 1, maxDelayMs: 20, jitter: "none", retryOn: ["protocol_error"] },
      breaker: { whenOpen: "wait" },
      next: "done",
    },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

let world: DemoWorld;
beforeAll(async () => {
  world = await demoWorld("sqlite", {
    definition,
    faults: { orders: { DEMO_FAILURE_RATE: "0.5", DEMO_SEED: "7", DEMO_FAILURE_KIND: "protocol_error" } },
    breaker: { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 300 },
  });
});
afterAll(async () => {
  await world.dispose();
});

describe("circuit breaker", () => {
  it("opens on a flaky server, lets runs wait, closes again, and every run finishes", async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 8 },
        async () =>
          (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { orderId: "ORD-1001" } })).runId,
      ),
    );
    for (const id of ids)
      expect((await settle(world, id, 60_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");

    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId: { in: ids } } });
    const errors = attempts.map((a) => (a.error as { kind?: string } | null)?.kind).filter(Boolean);
    expect(errors).toContain("protocol_error");
    // Calls refused while the breaker was open are in the runs' histories (the timeline shows them).
    const events = await world.t.db.transition.findMany({ where: { runId: { in: ids } }, select: { event: true } });
    expect(events.filter((e) => (e.event as { type: string }).type === "breaker_open").length).toBeGreaterThan(0);
    const waits = await world.t.db.transition.count({ where: { runId: { in: ids }, status: "waiting" } });
    expect(waits).toBeGreaterThan(0);
    // After being refused, calls went through again: the breaker half-opened and closed on a successful probe.
    const history = await world.t.db.transition.findMany({
      where: { runId: { in: ids } },
      orderBy: [{ runId: "asc" }, { seq: "asc" }],
    });
    const recovered = ids.some((id) => {
      const types = history.filter((t) => t.runId === id).map((t) => (t.event as { type: string }).type);
      const refused = types.indexOf("breaker_open");
      return refused !== -1 && types.slice(refused).includes("call_succeeded");
    });
    expect(recovered).toBe(true);
  });
});
