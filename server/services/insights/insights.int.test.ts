/**
 * The dashboard's figures after real runs against a flaky demo server (half of the orders server's calls fail,
 * seeded; the crm server is healthy): per step and per server they match the StepAttempt rows exactly, the breaker's
 * status and history are the stored ones, and runs outside the period are left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { startRun } from "../runs/runs";
import { insightsOverview } from "./insights";
import { CHECK_ORDER_STATE } from "../../test/check-order";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "Check a customer's order",
  input: { type: "object", properties: { orderId: { type: "string" } } },
  startAt: "customer",
  states: {
    customer: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "ada.lovelace@example.com" },
      next: "check",
    },
    check: { ...CHECK_ORDER_STATE, title: "Check the order" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

function nearestRank(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.ceil(p * sorted.length) - 1]! : null;
}

describe.each(PROVIDERS)("insights on %s", (provider) => {
  let world: DemoWorld;
  let ids: string[] = [];
  beforeAll(async () => {
    world = await demoWorld(provider, {
      definition,
      faults: {
        orders: { DEMO_FAILURE_RATE: "0.5", DEMO_SEED: "7", DEMO_FAULT_TOOLS: "get_order", DEMO_FAILURE_KIND: "protocol_error" },
      },
      breaker: { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 300 },
    });
    ids = await Promise.all(
      Array.from(
        { length: 6 },
        async () =>
          (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { orderId: "ORD-1001" } })).runId,
      ),
    );
    for (const id of ids) await settle(world, id, 60_000, (s) => s === "succeeded" || s === "failed");
    // Breaker history rows are written beside the runs, after their commits: await the last change (closed).
    await until(
      async () =>
        (await world.t.db.breakerEvent.findFirst({ where: { server: "orders" }, orderBy: { at: "desc" } }))?.to === "closed",
      "the breaker's last change (closed) to be recorded",
    );
  });
  afterAll(async () => {
    await world.dispose();
  });

  it("counts runs per workflow with their durations", async () => {
    const o = await insightsOverview(world.t.db, { provider, period: "1h" });
    const runs = await world.t.db.run.findMany({ where: { id: { in: ids } } });
    const w = o.workflows.find((x) => x.workflowId === world.workflowId)!;
    expect(w).toMatchObject({ name: definition.name, started: 6, succeeded: 6, failed: 0, waiting: 0, active: 0 });
    const durations = runs.map((r) => r.finishedAt!.getTime() - r.createdAt.getTime());
    expect(w.durationP50Ms).toBe(nearestRank(durations, 0.5));
    expect(w.durationP95Ms).toBe(nearestRank(durations, 0.95));
    expect(o.timeline.reduce((s, b) => s + b.started, 0)).toBe(6);
    expect(o.timeline.reduce((s, b) => s + b.succeeded, 0)).toBe(6);
  });

  it("gives per-step figures that match the attempt records, the failing step first", async () => {
    const o = await insightsOverview(world.t.db, { provider, period: "1h" });
    const rows = await world.t.db.stepAttempt.findMany({ where: { runId: { in: ids }, purpose: "step" } });
    expect(o.steps[0]?.stateId).toBe("check");
    for (const stateId of ["customer", "check"]) {
      const mine = rows.filter((r) => r.stateId === stateId);
      const step = o.steps.find((s) => s.stateId === stateId)!;
      const succeeded = mine.filter((r) => r.status === "succeeded").length;
      const failed = mine.filter((r) => r.status === "failed");
      expect(step).toMatchObject({ attempts: mine.length, succeeded, failed: failed.length });
      expect(step.successRate).toBe(succeeded / mine.length);
      expect(step.retryRate).toBe(mine.filter((r) => r.attempt > 1).length / mine.length);
      const latencies = mine.filter((r) => !r.fromCache).map((r) => r.latencyMs!);
      expect(step.latencyP50Ms).toBe(nearestRank(latencies, 0.5));
      expect(step.latencyP95Ms).toBe(nearestRank(latencies, 0.95));
      expect(step.topErrors.reduce((s, e) => s + e.count, 0)).toBe(failed.length); // one message per step here
    }
    const check = o.steps.find((s) => s.stateId === "check")!;
    expect(check.failed).toBeGreaterThan(0);
    // Named as on the canvas: by title, by id where a step has none.
    expect(check.stepTitle).toBe("Check the order");
    expect(o.steps.find((s) => s.stateId === "customer")!.stepTitle).toBe("customer");
    // The tool's name came from the server's env (DEMO_FAILURE_TOOL), and env values are secrets: redacted (issue 15).
    expect(check.topErrors[0]?.error).toMatch(/^protocol_error: .*Injected protocol error in \[redacted\]/);
    expect(o.steps.find((s) => s.stateId === "customer")).toMatchObject({
      failed: 0,
      successRate: 1,
      retryRate: 0,
      topErrors: [],
    });
  });

  it("gives per-server figures that match the attempt records, with the breaker's status and history", async () => {
    const o = await insightsOverview(world.t.db, { provider, period: "1h" });
    const rows = await world.t.db.stepAttempt.findMany({ where: { runId: { in: ids } } });
    for (const server of ["crm", "orders"]) {
      const calls = rows.filter((r) => r.server === server && !r.fromCache);
      const errors = calls.filter((r) => r.status === "failed").length;
      const s = o.servers.find((x) => x.server === server)!;
      expect(s).toMatchObject({ calls: calls.length, errors, errorRate: errors / calls.length });
      expect(s.latencyP50Ms).toBe(
        nearestRank(
          calls.map((r) => r.latencyMs!),
          0.5,
        ),
      );
      expect(s.latencyP95Ms).toBe(
        nearestRank(
          calls.map((r) => r.latencyMs!),
          0.95,
        ),
      );
    }
    expect(o.servers[0]?.server).toBe("orders"); // the failing server first
    const orders = o.servers.find((x) => x.server === "orders")!;
    expect(orders.breaker).toBe("closed");
    const events = await world.t.db.breakerEvent.findMany({ where: { server: "orders" }, orderBy: { at: "asc" } });
    expect(events.length).toBeGreaterThan(0);
    expect(orders.history.map((h) => h.to)).toEqual(events.map((e) => e.to));
    // Servers without calls are listed too (the demo registers five).
    expect(o.servers.find((x) => x.server === "email")).toMatchObject({ calls: 0, errorRate: null, latencyP50Ms: null });
  });

  it("says so when the period holds more rows than it reads, and uses the most recent ones", async () => {
    const o = await insightsOverview(world.t.db, { provider, period: "1h", maxRows: 5 });
    expect(o).toMatchObject({ truncated: true, maxRows: 5 });
    expect(o.steps.reduce((s, x) => s + x.attempts, 0)).toBe(5);
    expect(o.workflows.reduce((s, x) => s + x.started, 0)).toBe(5);
    expect((await insightsOverview(world.t.db, { provider, period: "1h" })).truncated).toBe(false);
  });

  it("leaves out what happened before the period", async () => {
    const o = await insightsOverview(world.t.db, { provider, period: "1h", now: Date.now() + 2 * 3_600_000 });
    expect(o.workflows).toEqual([]);
    expect(o.steps).toEqual([]);
    expect(o.servers.every((s) => s.calls === 0 && s.history.length === 0)).toBe(true);
  });
});
