/**
 * Parallel and map steps end to end: real database, the demo MCP servers as real processes. Branches and items run as
 * child runs; the servers' call logs prove every branch and every item called its tool exactly once, with an
 * idempotency key naming the branch or the item.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { startRun } from "../../services/runs";
import { listEscalations, resolveEscalation } from "../../services/escalations";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { FINAL_STATUSES, type RunStatus } from "../core/types";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

/** A parent waits on its branches and items ("waiting"): wait for the end. */
const ended = (status: string) => FINAL_STATUSES.includes(status as RunStatus);

const ITEMS = Number(process.env.MAP_ITEMS ?? 1000);

const lookup = (server: string, tool: string, input: Record<string, string>) => ({
  startAt: "call",
  states: {
    call: { type: "tool", server, tool, input, timeoutMs: 60_000, assign: { found: "{% $result %}" }, next: "done" },
    done: { type: "succeed", output: "{% $found %}" },
  },
});

const parallelLookup = {
  schemaVersion: 1,
  name: "Look up in parallel",
  startAt: "lookup",
  states: {
    lookup: {
      type: "parallel",
      branches: {
        customer: lookup("crm", "find_customer", { email: "{% $input.customerEmail %}" }),
        order: lookup("orders", "get_order", { orderId: "{% $input.orderId %}" }),
        procedure: lookup("docs", "search_procedures", { query: "{% $input.issue %}" }),
      },
      assign: { found: "{% $results %}" },
      next: "done",
    },
    done: {
      type: "succeed",
      output: {
        customer: "{% $found.customer.name %}",
        order: "{% $found.order.orderId %}",
        procedure: "{% $found.procedure.results[0].title %}",
      },
    },
  },
} as unknown as WorkflowDefinition;

const mapLookup = {
  schemaVersion: 1,
  name: "Look up every order",
  startAt: "each",
  states: {
    each: {
      type: "map",
      items: "{% $input.emails %}",
      maxConcurrency: 16,
      itemBody: lookup("crm", "find_customer", { email: "{% $item %}" }),
      assign: { names: "{% $results.name %}" },
      next: "done",
    },
    done: { type: "succeed", output: { count: "{% $count($names) %}", first: "{% $names[0] %}" } },
  },
} as unknown as WorkflowDefinition;

describe.each(PROVIDERS)("parallel and map steps on %s", (provider) => {
  it("looks up the customer, the order and the procedure at the same time, each once", async () => {
    world = await demoWorld(provider, { definition: parallelLookup });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const run = await settle(world, runId, 60_000, ended);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: unknown }).value).toMatchObject({ customer: "Ada Lovelace", order: "ORD-1001" });
    for (const [server, tool, branch] of [
      ["crm", "find_customer", "customer"],
      ["orders", "get_order", "order"],
      ["docs", "search_procedures", "procedure"],
    ] as const) {
      const calls = readCallLog(world.stateDir, server).filter((c) => c.tool === tool && c.executed);
      expect(calls.map((c) => c.idempotencyKey)).toEqual([`${runId}.lookup.1.${branch}:call:1`]);
    }
    const branches = await world.t.db.run.findMany({ where: { id: { startsWith: `${runId}.` } } });
    expect(branches.map((b) => b.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  }, 120_000);

  it(`goes through ${ITEMS} items 16 at a time, each item's call once, results in order`, async () => {
    world = await demoWorld(provider, { definition: mapLookup });
    const emails = Array.from({ length: ITEMS }, (_, i) => (i % 2 === 0 ? ADA.customerEmail : "grace.hopper@example.com"));
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { emails } });
    const run = await settle(world, runId, 600_000, ended);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: unknown }).value).toEqual({ count: ITEMS, first: "Ada Lovelace" });
    const keys = readCallLog(world.stateDir, "crm")
      .filter((c) => c.tool === "find_customer" && c.executed)
      .map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(ITEMS);
    expect(keys).toHaveLength(ITEMS);
    expect(new Set(keys)).toEqual(new Set(emails.map((_, i) => `${runId}.each.1.${i}:call:1`)));
    // No transition of the parent carries the list or its results, except the start (the run's input) and the one
    // that collects the results.
    const transitions = await world.t.db.transition.findMany({ where: { runId }, select: { event: true, commands: true } });
    const kinds = transitions.map((t) => (t.event as { type: string }).type);
    expect(kinds.filter((k) => k === "children_collected")).toHaveLength(1);
    const sizes = transitions
      .filter((_, i) => kinds[i] !== "start" && kinds[i] !== "children_collected")
      .map((t) => JSON.stringify(t.event).length + JSON.stringify(t.commands).length);
    expect(JSON.stringify(emails).length).toBeGreaterThan(20_000);
    expect(Math.max(...sizes)).toBeLessThan(8_000);
    expect(transitions.length).toBeGreaterThan(ITEMS); // one per finished item, plus start and collection
  }, 900_000);
});

async function escalationOf(w: DemoWorld, runId: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [item] = (await listEscalations(w.t.db)).items.filter((e) => e.runId === runId);
    if (item) return item;
    if (Date.now() > deadline) throw new Error(`no escalation for ${runId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("retries and limits of parallel and map steps", () => {
  it("a person's retry runs only the failed branch again; the branches that succeeded are not called again", async () => {
    const faults = path.join(mkdtempSync(path.join(tmpdir(), "faults-")), "orders.json");
    writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1, DEMO_FAULT_TOOLS: "get_order" }));
    world = await demoWorld("sqlite", { definition: parallelLookup, faults: { orders: { DEMO_FAULTS_FILE: faults } } });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const item = await escalationOf(world, runId);
    writeFileSync(faults, "{}");
    await resolveEscalation(world.t.db, world.engine, { id: item.id, by: "sam", resolution: { action: "retry" } });
    const run = await settle(world, runId, 60_000, ended);
    expect(run.status).toBe("succeeded");
    const executed = (server: string) =>
      readCallLog(world!.stateDir, server)
        .filter((c) => c.executed)
        .map((c) => c.idempotencyKey);
    // A branch that had succeeded when the order branch failed is not run again, nor is one whose call was in flight
    // (its cancelled run awaits the call and succeeds, and the retry takes it); one the failure cancelled before its
    // call went out (a loaded machine) is run again as "~2". Either way each lookup reached its server once.
    for (const [server, branch] of [
      ["crm", "customer"],
      ["docs", "procedure"],
    ] as const) {
      const first = await world.t.db.run.findUnique({ where: { id: `${runId}.lookup.1.${branch}` } });
      const again = await world.t.db.run.findUnique({ where: { id: `${runId}.lookup.1.${branch}~2` } });
      const kept = first?.status === "succeeded";
      expect({ first: first?.status, again: again?.status ?? null }).toEqual(
        kept ? { first: "succeeded", again: null } : { first: first?.status, again: "succeeded" },
      );
      // No double work: the server executed the branch's lookup once, in the run that succeeded.
      expect(executed(server)).toEqual([`${runId}.lookup.1.${kept ? branch : `${branch}~2`}:call:1`]);
    }
    expect(executed("orders")).toEqual([`${runId}.lookup.1.order~2:call:1`]);
  }, 300_000);

  it("a map whose collected results are over the limit fails with result_too_large, naming the step", async () => {
    const def = structuredClone(mapLookup) as unknown as { states: Record<string, Record<string, unknown>> };
    def.states.each!.catch = [{ errors: ["result_too_large"], next: "tooBig" }];
    def.states.tooBig = { type: "fail", error: "too_big", message: "{% $error.message %}" };
    world = await demoWorld("sqlite", { definition: def as unknown as WorkflowDefinition, maxMapResultsBytes: 1000 });
    const emails = Array.from({ length: 20 }, () => ADA.customerEmail);
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { emails } });
    const run = await settle(world, runId, 120_000, ended);
    expect(run.status).toBe("failed");
    expect(run.failure).toMatchObject({ code: "too_big" });
    expect((run.failure as { message: string }).message).toMatch(
      /^The results of "each" are over \d+ KB, more than the limit of 1 KB/,
    );
  }, 180_000);
});
