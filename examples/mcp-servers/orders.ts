/**
 * The demo order system: reads orders, lists a customer's orders (cursor
 * pagination), issues refunds and reverses them. Refunds live in the store
 * (orders.sqlite), so they survive restarts and are shared by every process.
 *
 *   node --import tsx examples/mcp-servers/orders.ts              (stdio)
 *   node --import tsx examples/mcp-servers/orders.ts --http --port 4102
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { customerById } from "./data/customers";
import { orderById, ordersOf, type Order } from "./data/orders";
import { createDemoServer, isMain, main, type DemoServerOptions } from "./shared/bootstrap";
import { alreadyDone, once } from "./shared/idempotency";
import { confirmLargeRefund, refundConfirmationLimit } from "./orders-confirm";
import { decodeCursor, encodeCursor } from "./shared/pagination";
import { nextId, now, type Store } from "./shared/state-store";
import { idempotencyKeyOf, ok, readOnly, tool, toolError, writes } from "./shared/tools";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS refunds (
    refund_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reversal_id TEXT,
    reversed_at TEXT
  );
  CREATE INDEX IF NOT EXISTS refunds_order ON refunds (order_id);
`;

interface RefundRow {
  refund_id: string;
  order_id: string;
  amount_cents: number;
  currency: string;
  reason: string;
  status: "issued" | "reversed";
  created_at: string;
  reversal_id: string | null;
  reversed_at: string | null;
}

const cents = (amount: number) => Math.round(amount * 100);
const refundsOf = (db: Store, orderId: string) =>
  db.prepare("SELECT * FROM refunds WHERE order_id = ? ORDER BY created_at").all(orderId) as RefundRow[];
const refundedCents = (rows: RefundRow[]) => rows.reduce((sum, r) => sum + (r.status === "issued" ? r.amount_cents : 0), 0);

/** An order as the tools return it: the seed record plus its refunds. */
function orderView(db: Store, order: Order) {
  const refunds = refundsOf(db, order.orderId);
  const refunded = refundedCents(refunds);
  const refundStatus = refunded === 0 ? "none" : refunded >= cents(order.total) ? "refunded" : "partially_refunded";
  return {
    ...order,
    refundedAmount: refunded / 100,
    refundStatus,
    refunds: refunds.map((r) => ({
      refundId: r.refund_id,
      amount: r.amount_cents / 100,
      status: r.status,
      createdAt: r.created_at,
    })),
  };
}

const refundView = (r: RefundRow, order: Order | undefined, db: Store) => ({
  refundId: r.refund_id,
  orderId: r.order_id,
  amount: r.amount_cents / 100,
  currency: r.currency,
  reason: r.reason,
  status: r.status,
  createdAt: r.created_at,
  remainingRefundable: order ? (cents(order.total) - refundedCents(refundsOf(db, order.orderId))) / 100 : 0,
});

const item = z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: z.number() });
const orderOutput = {
  orderId: z.string(),
  customerId: z.string(),
  placedAt: z.string(),
  status: z.enum(["processing", "in_transit", "delivered"]).describe("Shipping status"),
  shippingAddress: z.string().describe("Where the order was shipped, one line"),
  items: z.array(item),
  total: z.number(),
  currency: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  estimatedDelivery: z.string(),
  deliveredAt: z.string().nullable(),
  refundedAmount: z.number().describe("Sum of the refunds not reversed"),
  refundStatus: z.enum(["none", "partially_refunded", "refunded"]),
  refunds: z.array(z.object({ refundId: z.string(), amount: z.number(), status: z.string(), createdAt: z.string() })),
};
const refundOutput = {
  refundId: z.string().describe("Refund id, e.g. RF-1001: pass it to reverse_refund"),
  orderId: z.string(),
  amount: z.number(),
  currency: z.string(),
  reason: z.string(),
  status: z.enum(["issued", "reversed"]),
  createdAt: z.string(),
  remainingRefundable: z.number().describe("What can still be refunded on the order"),
};
const reversalOutput = {
  refundId: z.string(),
  reversalId: z.string(),
  orderId: z.string(),
  amount: z.number(),
  currency: z.string(),
  status: z.literal("reversed"),
  reversedAt: z.string(),
};
const orderSummary = z.object({
  orderId: z.string(),
  placedAt: z.string(),
  status: z.string(),
  total: z.number(),
  currency: z.string(),
  itemCount: z.number().int(),
});

const orderIdInput = z.string().min(1).describe("Order number, e.g. ORD-1001");

/** A new orders server (one per connection; they share the store). */
export function createOrdersServer(options?: DemoServerOptions): McpServer {
  const confirmAbove = refundConfirmationLimit(options?.env ?? process.env);
  const { mcp, db } = createDemoServer(
    {
      name: "orders",
      title: "Demo order system",
      instructions: "Orders of the support-desk demo: read orders, refund them, and reverse refunds.",
      schema: SCHEMA,
    },
    options,
  );

  mcp.registerTool(
    "get_order",
    {
      title: "Get an order",
      description: "An order with its items, shipping address, total, shipping status and refunds. Unknown order: tool error.",
      inputSchema: { orderId: orderIdInput },
      outputSchema: orderOutput,
      annotations: readOnly("Get an order"),
    },
    tool(({ orderId }) => {
      const order = orderById(orderId);
      if (!order) return toolError(`No order has the number ${orderId}.`);
      const view = orderView(db, order);
      return ok(
        view,
        `Order ${order.orderId}: ${order.total} ${order.currency}, ${order.status}, shipped to ${order.shippingAddress}.`,
      );
    }),
  );

  mcp.registerTool(
    "list_orders",
    {
      title: "List a customer's orders",
      description: "A customer's orders, newest first, a page at a time: pass nextCursor back as cursor for the next page.",
      inputSchema: {
        customerId: z.string().min(1).describe("Customer id, e.g. cust_001"),
        limit: z.number().int().min(1).max(50).default(10).describe("Orders per page (1-50, default 10)"),
        cursor: z.string().optional().describe("nextCursor of the previous page"),
      },
      outputSchema: {
        customerId: z.string(),
        orders: z.array(orderSummary),
        nextCursor: z.string().optional().describe("Present when there are more orders"),
      },
      annotations: readOnly("List a customer's orders"),
    },
    tool(({ customerId, limit, cursor }) => {
      if (!customerById(customerId)) return toolError(`No customer has the id ${customerId}.`);
      const offset = cursor === undefined ? 0 : decodeCursor(cursor);
      if (offset === null) return toolError(`The cursor ${cursor} is not valid: pass nextCursor from a previous page.`);
      const all = ordersOf(customerId);
      const page = all.slice(offset, offset + limit).map((o) => ({
        orderId: o.orderId,
        placedAt: o.placedAt,
        status: o.status,
        total: o.total,
        currency: o.currency,
        itemCount: o.items.reduce((n, i) => n + i.quantity, 0),
      }));
      const nextCursor = offset + limit < all.length ? encodeCursor(offset + limit) : undefined;
      return ok({ customerId, orders: page, nextCursor }, `${page.length} of ${all.length} order(s) of ${customerId}.`);
    }),
  );

  mcp.registerTool(
    "issue_refund",
    {
      title: "Refund an order",
      description:
        "Refunds an amount of an order (at most what is not refunded yet). Not idempotent: calling twice refunds twice, " +
        'unless the request carries _meta["dev.switchyard/idempotency-key"]: a repeated key returns the original refund.',
      inputSchema: {
        orderId: orderIdInput,
        amount: z.number().positive().describe("Amount to refund, in the order's currency"),
        reason: z.string().min(1).max(2000).describe("Why the order is refunded (shown on the ticket)"),
      },
      outputSchema: refundOutput,
      annotations: writes("Refund an order", { destructive: true, idempotent: false }),
    },
    tool(async ({ orderId, amount, reason }, extra) => {
      const order = orderById(orderId);
      if (!order) return toolError(`No order has the number ${orderId}.`);
      const key = idempotencyKeyOf(extra._meta);
      if (confirmAbove !== null && amount > confirmAbove && !alreadyDone(db, "issue_refund", key)) {
        const refused = await confirmLargeRefund(mcp, extra, { orderId: order.orderId, amount, currency: order.currency });
        if (refused) return toolError(refused);
      }
      const result = once(db, "issue_refund", key, { orderId: order.orderId, amount, reason }, () => {
        const remaining = cents(order.total) - refundedCents(refundsOf(db, order.orderId));
        if (cents(amount) > remaining) {
          return {
            ok: false,
            error: `Cannot refund ${amount} ${order.currency} on ${order.orderId}: only ${remaining / 100} is refundable.`,
          };
        }
        const refundId = nextId(db, "refund", "RF");
        db.prepare(
          "INSERT INTO refunds (refund_id, order_id, amount_cents, currency, reason, status, created_at) VALUES (?, ?, ?, ?, ?, 'issued', ?)",
        ).run(refundId, order.orderId, cents(amount), order.currency, reason, now());
        const row = db.prepare("SELECT * FROM refunds WHERE refund_id = ?").get(refundId) as RefundRow;
        return { ok: true, value: refundView(row, order, db), replayed: false };
      });
      if (!result.ok) return toolError(result.error);
      const r = result.value;
      const summary = `${result.replayed ? "Already refunded (same idempotency key)" : "Refunded"} ${r.amount} ${r.currency} on ${r.orderId}: ${r.refundId}.`;
      return ok(r, summary, { replayed: result.replayed });
    }),
  );

  mcp.registerTool(
    "reverse_refund",
    {
      title: "Reverse a refund",
      description:
        "Cancels a refund (the compensation of issue_refund). Idempotent: reversing a reversed refund changes nothing and returns the same reversal.",
      inputSchema: { refundId: z.string().min(1).describe("Refund id from issue_refund, e.g. RF-1001") },
      outputSchema: reversalOutput,
      annotations: writes("Reverse a refund", { destructive: true, idempotent: true }),
    },
    tool(({ refundId }) => {
      const reverse = db.transaction(() => {
        const row = db.prepare("SELECT * FROM refunds WHERE refund_id = ?").get(refundId) as RefundRow | undefined;
        if (!row || row.status === "reversed") return { row, reversedNow: false };
        const reversalId = nextId(db, "reversal", "RV");
        db.prepare("UPDATE refunds SET status = 'reversed', reversal_id = ?, reversed_at = ? WHERE refund_id = ?").run(
          reversalId,
          now(),
          refundId,
        );
        return { row: db.prepare("SELECT * FROM refunds WHERE refund_id = ?").get(refundId) as RefundRow, reversedNow: true };
      });
      const { row, reversedNow } = reverse.immediate();
      if (!row) return toolError(`No refund has the id ${refundId}.`);
      const reversal = {
        refundId: row.refund_id,
        reversalId: row.reversal_id ?? "",
        orderId: row.order_id,
        amount: row.amount_cents / 100,
        currency: row.currency,
        status: "reversed" as const,
        reversedAt: row.reversed_at ?? "",
      };
      const summary = `${reversedNow ? "Reversed" : "Already reversed:"} refund ${row.refund_id} of ${reversal.amount} ${row.currency} (${reversal.reversalId}).`;
      return ok(reversal, summary, { replayed: !reversedNow });
    }),
  );

  return mcp;
}

if (isMain(import.meta.url)) main("orders", createOrdersServer);
