/**
 * Re-running from a step inside a parallel branch or a map item, against the real demo servers (docs/parallel-map.md):
 * the new run re-enters the parallel or map step; the chosen branch or item starts at the step (its earlier steps
 * reused), the other branches and items are taken over from the parent run, the steps before the parallel or map
 * step are not entered again, and the steps after it run. The servers' call logs say which tools ran again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { ended } from "../../engine/runtime/testing/fanout-fixtures";
import { startRun } from "./runs";
import { rerun, rerunPreview } from "./rerun";
import { getRun } from "./run-views";

const tool = (server: string, name: string, input: Record<string, string>, save: string, next: string) => ({
  type: "tool",
  server,
  tool: name,
  input,
  timeoutMs: 60_000,
  assign: { [save]: "{% $result %}" },
  next,
});

/**
 * The customer first; then in parallel the customer's record again and the order followed by its procedure; then
 * each of two e-mails looked up and its procedure searched; then a ticket.
 */
const definition = {
  schemaVersion: 1,
  name: "Re-run inside",
  startAt: "prep",
  states: {
    prep: tool("crm", "find_customer", { email: "{% $input.customerEmail %}" }, "customer", "lookup"),
    lookup: {
      type: "parallel",
      branches: {
        customer: {
          startAt: "find",
          states: {
            find: tool("crm", "find_customer", { email: "{% $input.customerEmail %}" }, "found", "done"),
            done: { type: "succeed", output: "{% $found.name %}" },
          },
        },
        order: {
          startAt: "get",
          states: {
            get: tool("orders", "get_order", { orderId: "{% $input.orderId %}" }, "order", "search"),
            search: tool("docs", "search_procedures", { query: "{% $input.issue %}" }, "docs", "done"),
            done: { type: "succeed", output: "{% $order.orderId & ': ' & $docs.results[0].title %}" },
          },
        },
      },
      assign: { found: "{% $results %}" },
      next: "each",
    },
    each: {
      type: "map",
      items: '{% ["ada.lovelace@example.com", "grace.hopper@example.com"] %}',
      maxConcurrency: 2,
      itemBody: {
        startAt: "find",
        states: {
          find: tool("crm", "find_customer", { email: "{% $item %}" }, "who", "search"),
          search: tool("docs", "search_procedures", { query: "{% $who.name %}" }, "docs", "done"),
          done: { type: "succeed", output: "{% $who.name %}" },
        },
      },
      assign: { names: "{% $results %}" },
      next: "ticket",
    },
    ticket: tool(
      "ticketing",
      "create_ticket",
      { customerId: "{% $customer.id %}", subject: "{% $found.order %}", body: "{% $join($names, ', ') %}" },
      "ticket",
      "done",
    ),
    done: { type: "succeed", output: { order: "{% $found.order %}", names: "{% $names %}" } },
  },
} as unknown as WorkflowDefinition;

const SERVERS = ["crm", "orders", "docs", "ticketing"] as const;
/** The idempotency keys of the calls each server executed. */
const executed = (world: DemoWorld) =>
  Object.fromEntries(
    SERVERS.map((s) => [
      s,
      readCallLog(world.stateDir, s)
        .filter((c) => c.executed)
        .map((c) => c.idempotencyKey),
    ]),
  );

describe.each(PROVIDERS)("re-run from a step inside a branch or an item (%s, demo servers)", (provider) => {
  let world: DemoWorld;
  let parentId: string;

  beforeAll(async () => {
    world = await demoWorld(provider, { definition, servers: SERVERS });
    ({ runId: parentId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA }));
    const parent = await settle(world, parentId, 120_000, ended);
    expect(parent.status).toBe("succeeded");
    expect((await getRun(world.t.db, parentId)).output).toMatchObject({ names: ["Ada Lovelace", "Grace Hopper"] });
  }, 180_000);
  afterAll(async () => {
    await world.dispose();
  });

  it("from the second step of a branch: only that step and the steps after the parallel step call their tools again", async () => {
    const before = executed(world);
    expect(before.docs).toHaveLength(3);
    const branchRun = `${parentId}.lookup.1.order`;
    // The dialog warns about the ticket after the parallel step too (not idempotent), not about the steps before.
    const preview = await rerunPreview(world.t.db, branchRun, "search");
    expect(preview.notIdempotent.map((s) => s.stateId)).toContain("ticket");

    const { runId } = await rerun(world.t.db, world.engine, { runId: branchRun, stateId: "search" });
    const run = await settle(world, runId, 120_000, ended);
    expect(run.status).toBe("succeeded");
    expect((await getRun(world.t.db, runId)).output).toEqual((await getRun(world.t.db, parentId)).output);

    const after = executed(world);
    const added = (server: string) => after[server]!.slice(before[server]!.length).sort();
    // Not called again: the step before the parallel step, the other branch, the branch's first step.
    expect(after.crm!.slice(0, before.crm!.length)).toEqual(before.crm);
    expect(after.orders).toEqual(before.orders);
    // Called again: the chosen step (under the new branch run's key), and the steps after the parallel step (the
    // map's items, the ticket).
    const items = [0, 1].map((i) => `${runId}.each.1.${i}`);
    expect(added("crm")).toEqual(items.map((i) => `${i}:find:1`));
    expect(added("docs")).toEqual([...items.map((i) => `${i}:search:1`), `${runId}.lookup.1.order:search:1`]);
    expect(added("ticketing")).toEqual([`${runId}:ticket:1`]);

    const top = await getRun(world.t.db, runId);
    expect(top).toMatchObject({ parentRunId: parentId, fromStateId: "lookup" });
    expect(top.reused?.states).toEqual(["prep"]);
    // The run page draws the branch's steps with how they went: reused, then run again.
    expect(top.fanouts.find((f) => f.stateId === "lookup")?.branches?.find((b) => b.name === "order")).toMatchObject({
      id: `${runId}.lookup.1.order`,
      status: "succeeded",
      path: ["get", "search", "done"],
      reused: ["get"],
    });
    const branch = await getRun(world.t.db, `${runId}.lookup.1.order`);
    expect(branch).toMatchObject({ parentRunId: branchRun, fromStateId: "search" });
    expect(branch.reused?.states).toEqual(["get"]);
    const other = await getRun(world.t.db, `${runId}.lookup.1.customer`);
    expect(other).toMatchObject({ status: "succeeded", parentRunId: `${parentId}.lookup.1.customer` });
  }, 180_000);

  it("from the second step of a map item: that item's step runs again, the other item and the branches are reused", async () => {
    const before = executed(world);
    const itemRun = `${parentId}.each.1.1`;
    const { runId } = await rerun(world.t.db, world.engine, { runId: itemRun, stateId: "search" });
    const run = await settle(world, runId, 120_000, ended);
    expect(run.status).toBe("succeeded");
    expect((await getRun(world.t.db, runId)).output).toEqual((await getRun(world.t.db, parentId)).output);

    const after = executed(world);
    expect(after.crm).toEqual(before.crm);
    expect(after.orders).toEqual(before.orders);
    expect(after.docs).toEqual([...before.docs!, `${runId}.each.1.1:search:1`]);
    expect(after.ticketing).toEqual([...before.ticketing!, `${runId}:ticket:1`]);
    // The parallel step before the map is not entered again.
    expect(await world.t.db.run.count({ where: { id: { startsWith: `${runId}.lookup.` } } })).toBe(0);
    const view = await getRun(world.t.db, runId);
    expect(view.reused?.states).toEqual(["prep", "lookup"]);
    // The run page shows the parallel step's branches as the parent's, reused.
    expect(view.fanouts.find((f) => f.stateId === "lookup")).toMatchObject({
      reusedFrom: parentId,
      prefix: `${parentId}.lookup.1`,
    });
    expect(view.fanouts.find((f) => f.stateId === "each")?.reusedFrom).toBeUndefined();
    expect(await getRun(world.t.db, `${runId}.each.1.0`)).toMatchObject({ parentRunId: `${parentId}.each.1.0` });
  }, 180_000);

  it("from the step after the map: the run page shows the parent's items and branches, reused", async () => {
    const { runId } = await rerun(world.t.db, world.engine, { runId: parentId, stateId: "ticket" });
    expect((await settle(world, runId, 120_000, ended)).status).toBe("succeeded");
    const view = await getRun(world.t.db, runId);
    expect(view.fanouts.find((f) => f.stateId === "each")).toMatchObject({
      kind: "map",
      reusedFrom: parentId,
      prefix: `${parentId}.each.1`,
      counts: { succeeded: 2 },
    });
    expect(
      view.fanouts
        .find((f) => f.stateId === "lookup")
        ?.branches?.map((b) => b.id)
        .sort(),
    ).toEqual(["customer", "order"].map((b) => `${parentId}.lookup.1.${b}`));

    // A re-run of that re-run: both steps are still the first run's, found by following the re-runs back.
    const again = await rerun(world.t.db, world.engine, { runId, stateId: "ticket" });
    expect((await settle(world, again.runId, 120_000, ended)).status).toBe("succeeded");
    const second = await getRun(world.t.db, again.runId);
    expect(second.fanouts.map((f) => [f.stateId, f.reusedFrom, f.prefix])).toEqual([
      ["lookup", parentId, `${parentId}.lookup.1`],
      ["each", parentId, `${parentId}.each.1`],
    ]);
  }, 180_000);

  it("refuses a step the branch never reached", async () => {
    await expect(rerun(world.t.db, world.engine, { runId: `${parentId}.lookup.1.customer`, stateId: "search" })).rejects.toThrow(
      /never reached the step "search"/,
    );
  });
});
