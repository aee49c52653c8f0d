/**
 * What parallel and map steps decide, on the in-memory harness (no database, no processes): branches and items run as
 * child runs, each calls its tool exactly once with an idempotency key naming the branch or the item, a map's results
 * come back in order without its list riding on every transition, and collected results over the limit fail the step.
 * Moved from parallel-map.int.test.ts (there they started five MCP server processes per test and 1,000 real calls
 * per provider); the real database and real servers keep the retry test there and the crash test
 * (parallel-map-crash.int.test.ts: 1,000 items through SIGKILLs).
 */
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { customerByEmail } from "@/examples/mcp-servers/data/customers";
import { orderById } from "@/examples/mcp-servers/data/orders";
import { createHarness } from "./testing/harness";
import { ended, mapLookup, parallelLookup } from "./testing/fanout-fixtures";

const ADA = { customerEmail: "ada.lovelace@example.com", orderId: "ORD-1001", issue: "The kettle arrived damaged" };
const ITEMS = Number(process.env.MAP_ITEMS ?? 1000);

/** The harness with the demo servers' answers for the tools these workflows call (their data, no processes). */
function demoTools() {
  const h = createHarness();
  const customer = (args: Record<string, unknown>) => {
    const found = customerByEmail(String(args.email));
    return found
      ? { result: { ...found } }
      : { error: { kind: "tool_error" as const, message: "No customer", retryable: false } };
  };
  h.tools
    .tool("crm", "find_customer", customer, { readOnly: true, idempotent: true })
    .tool("orders", "get_order", (args) => ({ result: orderById(String(args.orderId)) }), { readOnly: true })
    .tool("docs", "search_procedures", () => ({ result: { results: [{ title: "Damaged item" }] } }), { readOnly: true });
  return h;
}

describe("parallel and map steps (in-memory harness)", () => {
  it("looks up the customer, the order and the procedure at the same time, each once", async () => {
    const h = demoTools();
    const run = await h.start(h.publish(parallelLookup), ADA);
    expect(ended(run.status)).toBe(true);
    expect(run.status).toBe("succeeded");
    expect(run.output).toMatchObject({ customer: "Ada Lovelace", order: "ORD-1001" });
    for (const [server, tool, branch] of [
      ["crm", "find_customer", "customer"],
      ["orders", "get_order", "order"],
      ["docs", "search_procedures", "procedure"],
    ] as const) {
      expect(h.tools.callsTo(server, tool).map((c) => c.idempotencyKey)).toEqual([`${run.id}.lookup.1.${branch}:call:1`]);
    }
    const branches = [...h.store.runs.values()].filter((r) => r.id.startsWith(`${run.id}.`));
    expect(branches.map((b) => b.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  });

  it(`goes through ${ITEMS} items 16 at a time, each item's call once, results in order`, async () => {
    const h = demoTools();
    // At most 16 items' calls are in flight at once: held calls are counted, then answered.
    let most = 0;
    h.tools.tool("crm", "find_customer", () => "hold", { readOnly: true, idempotent: true });
    const emails = Array.from({ length: ITEMS }, (_, i) => (i % 2 === 0 ? ADA.customerEmail : "grace.hopper@example.com"));
    const started = await h.start(h.publish(mapLookup), { emails });
    for (;;) {
      const held = h.tools.holding();
      if (held.length === 0) break;
      most = Math.max(most, held.length);
      for (const call of held)
        h.tools.answer("crm", "find_customer", { result: { ...customerByEmail(String(call.args.email)) } });
      await h.settle();
    }
    expect(most).toBe(16);
    const run = h.run(started.id);
    const runId = run.id;
    expect(run.status).toBe("succeeded");
    expect(run.output).toEqual({ count: ITEMS, first: "Ada Lovelace" });
    const keys = h.tools.callsTo("crm", "find_customer").map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(ITEMS);
    expect(keys).toHaveLength(ITEMS);
    expect(new Set(keys)).toEqual(new Set(emails.map((_, i) => `${runId}.each.1.${i}:call:1`)));
    // No transition of the parent carries the list or its results, except the start (the run's input) and the one
    // that collects the results.
    const transitions = h.store.transitions.filter((t) => t.runId === runId);
    const kinds = transitions.map((t) => t.event.type as string);
    expect(kinds.filter((k) => k === "children_collected")).toHaveLength(1);
    const sizes = transitions
      .filter((_, i) => kinds[i] !== "start" && kinds[i] !== "children_collected")
      .map((t) => JSON.stringify(t.event).length + JSON.stringify(t.commands).length);
    expect(JSON.stringify(emails).length).toBeGreaterThan(20_000);
    expect(Math.max(...sizes)).toBeLessThan(8_000);
    expect(transitions.length).toBeGreaterThan(ITEMS); // one per finished item, plus start and collection
  }, 60_000); // 1,000 child runs in memory: ~2 s on a quiet machine, ~10 s on 2 loaded cores

  it("a map whose collected results are over the limit fails with result_too_large, naming the step", async () => {
    const def = structuredClone(mapLookup) as unknown as { states: Record<string, Record<string, unknown>> };
    def.states.each!.catch = [{ errors: ["result_too_large"], next: "tooBig" }];
    def.states.tooBig = { type: "fail", error: "too_big", message: "{% $error.message %}" };
    const h = createHarness({ maxMapResultsBytes: 1000 });
    h.tools.tool("crm", "find_customer", (args) => ({ result: { ...customerByEmail(String(args.email)) } }), {
      readOnly: true,
    });
    const emails = Array.from({ length: 20 }, () => ADA.customerEmail);
    const run = await h.start(h.publish(def as unknown as WorkflowDefinition), { emails });
    expect(run.status).toBe("failed");
    expect(run.state.failure).toMatchObject({ code: "too_big" });
    expect(run.state.failure?.message).toMatch(/^The results of "each" are over \d+ KB, more than the limit of 1 KB/);
  });
});
