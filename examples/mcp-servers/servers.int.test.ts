/**
 * The demo MCP servers as real processes, through the SDK's Client over stdio:
 * their tools, the support-escalation workflow walked state by state with its
 * own expressions, tool errors, idempotency keys, reversals, and state that
 * survives a restart. Each test has its own DEMO_STATE_DIR.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { readCallLog } from "./shared/call-log";
import { structured, TestResources, textOf, type DemoServerName } from "./shared/testing";
import { IDEMPOTENCY_KEY_META, REPLAYED_META } from "./shared/tools";
import { evaluate, walk, workflow } from "./shared/workflow-walker";

const NAMES: DemoServerName[] = ["crm", "orders", "docs", "ticketing", "email"];
const key = (k: string) => ({ [IDEMPOTENCY_KEY_META]: k });

// Every test starts its own processes in its own state directory; all stopped after it.
const resources = new TestResources();
afterEach(() => resources.cleanup());
const stateDir = () => resources.stateDir();
const start = (name: DemoServerName, dir: string) => resources.stdio(name, dir);
async function startAll(dir: string): Promise<Record<DemoServerName, Client>> {
  const servers = await Promise.all(NAMES.map((n) => start(n, dir)));
  return Object.fromEntries(NAMES.map((n, i) => [n, servers[i]!.client])) as Record<DemoServerName, Client>;
}

describe("the demo servers over stdio", () => {
  it("list their tools with honest annotations and schemas", async () => {
    const clients = await startAll(stateDir());
    const tools = Object.fromEntries(
      await Promise.all(NAMES.map(async (n) => [n, (await clients[n].listTools()).tools] as const)),
    );
    const names = Object.fromEntries(Object.entries(tools).map(([n, list]) => [n, list.map((t) => t.name).sort()]));
    expect(names).toEqual({
      crm: ["customer_history", "find_customer"],
      orders: ["get_order", "issue_refund", "list_orders", "reverse_refund"],
      docs: ["search_procedures"],
      ticketing: ["close_ticket", "create_ticket", "update_ticket"],
      email: ["list_outbox", "send_email"],
    });
    const all = Object.values(tools).flat();
    for (const t of all) {
      expect(t.annotations, t.name).toMatchObject({ title: expect.any(String) as string, openWorldHint: false });
      expect(t.outputSchema, t.name).toBeDefined();
      const props = Object.entries(t.inputSchema.properties ?? {}) as [string, { description?: string }][];
      const undescribed = props.filter(([, p]) => !p.description).map(([name]) => `${t.name}.${name}`);
      expect(undescribed).toEqual([]);
    }
    const byName = new Map(all.map((t) => [t.name, t.annotations]));
    const reads = ["find_customer", "customer_history", "get_order", "list_orders", "search_procedures", "list_outbox"];
    for (const r of reads)
      expect(byName.get(r)).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
    expect(byName.get("issue_refund")).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(byName.get("reverse_refund")).toMatchObject({ readOnlyHint: false, idempotentHint: true });
    expect(byName.get("create_ticket")).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(byName.get("send_email")).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(byName.get("close_ticket")).toMatchObject({ idempotentHint: true });
  });

  it("walk the support-escalation workflow: standard case, address conflict, large order", async () => {
    const dir = stateDir();
    const clients = await startAll(dir);
    const clean = await walk(clients, "run-1", {
      customerEmail: "ada.lovelace@example.com",
      orderId: "ORD-1001",
      issue: "The mug set arrived broken",
    });
    expect(clean.path).toEqual([
      "lookup_customer",
      "check_order",
      "search_docs",
      "decide",
      "refund",
      "log_ticket",
      "email_customer",
      "done",
    ]);
    expect(clean.vars.procedure).toMatchObject({ id: "damaged-item", steps: expect.any(Array) as unknown[] });
    expect(clean.vars.refund).toMatchObject({ refundId: "RF-1001", amount: 89.9, currency: "GBP" });
    expect(clean.output).toEqual({ ticketId: "TCK-1001", refunded: true });

    // The shipping address differs from the CRM address: a person decides (here: approves).
    const conflict = await walk(
      clients,
      "run-2",
      {
        customerEmail: "grace.hopper@example.com",
        orderId: "ORD-1002",
        issue: "My keyboard never arrived, the delivery is late",
      },
      "approve",
    );
    expect(conflict.path).toEqual([
      "lookup_customer",
      "check_order",
      "search_docs",
      "decide",
      "review_case",
      "refund",
      "log_ticket",
      "email_customer",
      "done",
    ]);
    expect(conflict.vars.procedure).toMatchObject({ id: "late-delivery" });

    // Addresses match but the amount is large: a person decides (here: declines).
    const large = await walk(
      clients,
      "run-3",
      { customerEmail: "alan.turing@example.com", orderId: "ORD-1003", issue: "The laptop screen is cracked" },
      "decline",
    );
    expect(large.path).toEqual([
      "lookup_customer",
      "check_order",
      "search_docs",
      "decide",
      "review_case",
      "log_ticket",
      "email_customer",
      "done",
    ]);
    expect(large.output).toEqual({ ticketId: "TCK-1003", refunded: false });

    // The outbox has the three emails, newest first, each naming its ticket.
    const outbox = structured<{ messages: { to: string; body: string }[] }>(
      await clients.email.callTool({ name: "list_outbox", arguments: {} }),
    );
    expect(outbox.messages.map((m) => [m.to, m.body])).toEqual([
      ["alan.turing@example.com", "We looked into your order. Ticket TCK-1003"],
      ["grace.hopper@example.com", "We have refunded your order. Ticket TCK-1002"],
      ["ada.lovelace@example.com", "We have refunded your order. Ticket TCK-1001"],
    ]);

    // The refund's compensation, with the workflow's own input expression.
    const compensate = workflow.states.refund!.compensate!;
    const args = (await evaluate(compensate.input, clean.vars)) as Record<string, unknown>;
    const reversal = structured(await clients.orders.callTool({ name: compensate.tool, arguments: args }));
    expect(reversal).toMatchObject({ refundId: "RF-1001", status: "reversed" });
  });

  it("answer unknown records with a tool error and bad arguments with the SDK's validation error", async () => {
    const dir = stateDir();
    const [crm, orders] = await Promise.all([start("crm", dir), start("orders", dir)]);
    const unknownOrder = await orders.client.callTool({ name: "get_order", arguments: { orderId: "ORD-9999" } });
    expect(unknownOrder).toMatchObject({ isError: true });
    expect(textOf(unknownOrder)).toBe("No order has the number ORD-9999.");
    const unknownCustomer = await crm.client.callTool({ name: "find_customer", arguments: { email: "nobody@example.com" } });
    expect(unknownCustomer).toMatchObject({ isError: true });
    expect(textOf(unknownCustomer)).toContain("No customer has the email address nobody@example.com");
    const refundUnknown = await orders.client.callTool({
      name: "issue_refund",
      arguments: { orderId: "ORD-9", amount: 1, reason: "x" },
    });
    expect(refundUnknown).toMatchObject({ isError: true });

    const invalid = await orders.client.callTool({ name: "issue_refund", arguments: { orderId: "ORD-1001", amount: -5 } });
    expect(invalid).toMatchObject({ isError: true });
    expect(textOf(invalid)).toMatch(/-32602.*Input validation error/);

    const log = readCallLog(dir, "orders");
    expect(log.map((e) => [e.tool, e.outcome, e.executed])).toEqual([
      ["get_order", "error", true],
      ["issue_refund", "error", true],
      ["issue_refund", "error", false],
    ]);
    expect(log.every((e) => e.finishedAt !== null && e.pid === orders.pid)).toBe(true);
  });

  it("refund once per idempotency key, and twice without one", async () => {
    const dir = stateDir();
    const orders = await start("orders", dir);
    const refund = (amount: number, meta?: Record<string, string>) =>
      orders.client.callTool({
        name: "issue_refund",
        arguments: { orderId: "ORD-1004", amount, reason: "double charge" },
        _meta: meta,
      });

    const first = await refund(10, key("K1"));
    const again = await refund(10, key("K1"));
    expect(structured(again)).toEqual(structured(first));
    expect(first._meta?.[REPLAYED_META]).toBeUndefined();
    expect(again._meta?.[REPLAYED_META]).toBe(true);
    const misuse = await refund(11, key("K1"));
    expect(misuse).toMatchObject({ isError: true });
    expect(textOf(misuse)).toContain("already used");

    // Without a key the tool is not idempotent: two calls, two refunds.
    const a = structured<{ refundId: string }>(await refund(5));
    const b = structured<{ refundId: string }>(await refund(5));
    expect(a.refundId).not.toBe(b.refundId);
    const order = structured(await orders.client.callTool({ name: "get_order", arguments: { orderId: "ORD-1004" } }));
    expect(order).toMatchObject({
      refundedAmount: 20,
      refundStatus: "partially_refunded",
      refunds: expect.any(Array) as unknown[],
    });
    const tooMuch = await refund(40);
    expect(textOf(tooMuch)).toContain("only 22.5 is refundable");

    const executedForK1 = readCallLog(dir, "orders").filter(
      (e) => e.tool === "issue_refund" && e.idempotencyKey === "K1" && e.outcome === "ok" && e.executed && !e.replayed,
    );
    expect(executedForK1).toHaveLength(1);
  });

  it("reverse a refund idempotently", async () => {
    const dir = stateDir();
    const orders = await start("orders", dir);
    const refund = structured<{ refundId: string }>(
      await orders.client.callTool({
        name: "issue_refund",
        arguments: { orderId: "ORD-1005", amount: 64, reason: "wrong item" },
      }),
    );
    const reverse = () => orders.client.callTool({ name: "reverse_refund", arguments: { refundId: refund.refundId } });
    const first = await reverse();
    const second = await reverse();
    expect(structured(first)).toMatchObject({ refundId: refund.refundId, status: "reversed", amount: 64, reversalId: "RV-1001" });
    expect(structured(second)).toEqual(structured(first));
    expect(second._meta?.[REPLAYED_META]).toBe(true);
    const order = structured(await orders.client.callTool({ name: "get_order", arguments: { orderId: "ORD-1005" } }));
    expect(order).toMatchObject({ refundedAmount: 0, refundStatus: "none" });
    const unknown = await orders.client.callTool({ name: "reverse_refund", arguments: { refundId: "RF-9" } });
    expect(unknown).toMatchObject({ isError: true });
  });

  it("keep refunds, tickets and the outbox across a restart, and page through lists", async () => {
    const dir = stateDir();
    const first = await Promise.all([start("orders", dir), start("ticketing", dir), start("email", dir)]);
    const [orders, ticketing, email] = first.map((s) => s.client) as [Client, Client, Client];
    await orders.callTool({ name: "issue_refund", arguments: { orderId: "ORD-1008", amount: 189, reason: "late" } });
    const ticket = structured<{ ticketId: string }>(
      await ticketing.callTool({
        name: "create_ticket",
        arguments: { customerId: "cust_004", subject: "Late", body: "Refunded" },
      }),
    );
    for (const n of [1, 2, 3]) {
      await email.callTool({
        name: "send_email",
        arguments: { to: "katherine.johnson@example.com", subject: `Update ${n}`, body: "..." },
      });
    }
    await Promise.all(first.map((s) => s.close()));

    const [orders2, ticketing2, email2] = (
      await Promise.all([start("orders", dir), start("ticketing", dir), start("email", dir)])
    ).map((s) => s.client) as [Client, Client, Client];
    expect(structured(await orders2.callTool({ name: "get_order", arguments: { orderId: "ORD-1008" } }))).toMatchObject({
      refundStatus: "refunded",
      refunds: [{ refundId: "RF-1001", amount: 189, status: "issued" }],
    });
    const updated = await ticketing2.callTool({
      name: "update_ticket",
      arguments: { ticketId: ticket.ticketId, status: "pending", note: "Waiting" },
    });
    expect(structured(updated)).toMatchObject({ status: "pending", notes: [{ text: "Waiting" }] });
    const closed = await ticketing2.callTool({
      name: "close_ticket",
      arguments: { ticketId: ticket.ticketId, resolution: "Refunded" },
    });
    expect(structured(closed)).toMatchObject({ status: "closed", resolution: "Refunded" });
    const closedAgain = await ticketing2.callTool({
      name: "close_ticket",
      arguments: { ticketId: ticket.ticketId, resolution: "Other" },
    });
    expect(structured(closedAgain)).toEqual(structured(closed));

    const page1 = structured<{ messages: { subject: string }[]; nextCursor?: string }>(
      await email2.callTool({ name: "list_outbox", arguments: { limit: 2 } }),
    );
    expect(page1.messages.map((m) => m.subject)).toEqual(["Update 3", "Update 2"]);
    const page2 = structured<{ messages: { subject: string }[]; nextCursor?: string }>(
      await email2.callTool({ name: "list_outbox", arguments: { limit: 2, cursor: page1.nextCursor } }),
    );
    expect(page2).toEqual({ messages: [expect.objectContaining({ subject: "Update 1" })] });

    const list = (cursor?: string) =>
      orders2.callTool({ name: "list_orders", arguments: { customerId: "cust_001", limit: 1, cursor } });
    const o1 = structured<{ orders: { orderId: string }[]; nextCursor?: string }>(await list());
    const o2 = structured<{ orders: { orderId: string }[]; nextCursor?: string }>(await list(o1.nextCursor));
    expect([...o1.orders, ...o2.orders].map((o) => o.orderId)).toEqual(["ORD-1001", "ORD-1006"]);
    expect(o2.nextCursor).toBeUndefined();
    expect(await list("not-a-cursor")).toMatchObject({ isError: true });
  });
});
