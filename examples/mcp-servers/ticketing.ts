/**
 * The demo ticketing system: creates, updates and closes support tickets,
 * kept in the store (ticketing.sqlite). create_ticket and update_ticket are
 * deduplicated by the idempotency key in `_meta`; close_ticket is idempotent.
 *
 *   node --import tsx examples/mcp-servers/ticketing.ts              (stdio)
 *   node --import tsx examples/mcp-servers/ticketing.ts --http --port 4104
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { customerById } from "./data/customers";
import { createDemoServer, isMain, main, type DemoServerOptions } from "./shared/bootstrap";
import { once, type Once } from "./shared/idempotency";
import { nextId, now, type Store } from "./shared/state-store";
import { idempotencyKeyOf, ok, tool, toolError, writes } from "./shared/tools";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tickets (
    ticket_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '[]',
    resolution TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
  );
`;

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const OPEN_STATUSES = ["open", "pending"] as const;

interface TicketRow {
  ticket_id: string;
  customer_id: string;
  subject: string;
  body: string;
  status: "open" | "pending" | "closed";
  priority: (typeof PRIORITIES)[number];
  notes: string;
  resolution: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

type Ticket = ReturnType<typeof view>;

function view(r: TicketRow) {
  return {
    ticketId: r.ticket_id,
    customerId: r.customer_id,
    subject: r.subject,
    body: r.body,
    status: r.status,
    priority: r.priority,
    notes: JSON.parse(r.notes) as { at: string; text: string }[],
    resolution: r.resolution,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

const ticketOutput = {
  ticketId: z.string().describe("Ticket id, e.g. TCK-1001"),
  customerId: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.enum(["open", "pending", "closed"]),
  priority: z.enum(PRIORITIES),
  notes: z.array(z.object({ at: z.string(), text: z.string() })),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
};

const load = (db: Store, id: string) => db.prepare("SELECT * FROM tickets WHERE ticket_id = ?").get(id) as TicketRow | undefined;
const ticketIdInput = z.string().min(1).describe("Ticket id from create_ticket, e.g. TCK-1001");
const answer = (r: Once<Ticket>, verb: string) =>
  r.ok
    ? ok(
        r.value,
        `${r.replayed ? "Already done (same idempotency key): " : ""}${verb} ticket ${r.value.ticketId} (${r.value.status}).`,
        {
          replayed: r.replayed,
        },
      )
    : toolError(r.error);

/** A new ticketing server (one per connection; they share the store). */
export function createTicketingServer(options?: DemoServerOptions): McpServer {
  const { mcp, db } = createDemoServer(
    {
      name: "ticketing",
      title: "Demo ticketing",
      instructions: "Support tickets of the support-desk demo: log a ticket per case, update it, close it.",
      schema: SCHEMA,
    },
    options,
  );

  mcp.registerTool(
    "create_ticket",
    {
      title: "Create a ticket",
      description:
        'Logs a new support ticket for a customer. Not idempotent: with _meta["dev.switchyard/idempotency-key"] a repeated key returns the first ticket.',
      inputSchema: {
        customerId: z.string().min(1).describe("Customer id from crm.find_customer, e.g. cust_001"),
        subject: z.string().min(1).max(300).describe("One-line subject"),
        body: z.string().max(10_000).describe("What happened and what was done"),
        priority: z.enum(PRIORITIES).default("normal").describe("low, normal (default), high or urgent"),
      },
      outputSchema: ticketOutput,
      annotations: writes("Create a ticket", { destructive: false, idempotent: false }),
    },
    tool((args, extra) => {
      if (!customerById(args.customerId)) return toolError(`No customer has the id ${args.customerId}.`);
      const result = once(db, "create_ticket", idempotencyKeyOf(extra._meta), args, () => {
        const id = nextId(db, "ticket", "TCK");
        const at = now();
        db.prepare(
          `INSERT INTO tickets (ticket_id, customer_id, subject, body, status, priority, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
        ).run(id, args.customerId, args.subject, args.body, args.priority, at, at);
        return { ok: true, value: view(load(db, id)!), replayed: false };
      });
      return answer(result, "Created");
    }),
  );

  mcp.registerTool(
    "update_ticket",
    {
      title: "Update a ticket",
      description:
        "Changes the status (open/pending) or priority of an open ticket and/or appends a note. Appending is not idempotent: " +
        "with an idempotency key a repeated call changes nothing. A closed ticket cannot be updated.",
      inputSchema: {
        ticketId: ticketIdInput,
        status: z.enum(OPEN_STATUSES).optional().describe("open or pending (use close_ticket to close)"),
        priority: z.enum(PRIORITIES).optional().describe("low, normal, high or urgent"),
        note: z.string().min(1).max(10_000).optional().describe("A note to append"),
      },
      outputSchema: ticketOutput,
      annotations: writes("Update a ticket", { destructive: true, idempotent: false }),
    },
    tool((args, extra) => {
      if (args.status === undefined && args.priority === undefined && args.note === undefined) {
        return toolError("Nothing to update: give a status, a priority or a note.");
      }
      const result = once(db, "update_ticket", idempotencyKeyOf(extra._meta), args, (): Once<Ticket> => {
        const row = load(db, args.ticketId);
        if (!row) return { ok: false, error: `No ticket has the id ${args.ticketId}.` };
        if (row.status === "closed") return { ok: false, error: `Ticket ${row.ticket_id} is closed and cannot be updated.` };
        const at = now();
        const notes = JSON.parse(row.notes) as { at: string; text: string }[];
        if (args.note !== undefined) notes.push({ at, text: args.note });
        db.prepare("UPDATE tickets SET status = ?, priority = ?, notes = ?, updated_at = ? WHERE ticket_id = ?").run(
          args.status ?? row.status,
          args.priority ?? row.priority,
          JSON.stringify(notes),
          at,
          row.ticket_id,
        );
        return { ok: true, value: view(load(db, row.ticket_id)!), replayed: false };
      });
      return answer(result, "Updated");
    }),
  );

  mcp.registerTool(
    "close_ticket",
    {
      title: "Close a ticket",
      description: "Closes a ticket with its resolution. Idempotent: closing a closed ticket changes nothing and returns it.",
      inputSchema: { ticketId: ticketIdInput, resolution: z.string().min(1).max(10_000).describe("How the case was resolved") },
      outputSchema: ticketOutput,
      annotations: writes("Close a ticket", { destructive: true, idempotent: true }),
    },
    tool(({ ticketId, resolution }) => {
      const close = db.transaction((): Once<Ticket> => {
        const row = load(db, ticketId);
        if (!row) return { ok: false, error: `No ticket has the id ${ticketId}.` };
        if (row.status === "closed") return { ok: true, value: view(row), replayed: true };
        const at = now();
        db.prepare("UPDATE tickets SET status = 'closed', resolution = ?, closed_at = ?, updated_at = ? WHERE ticket_id = ?").run(
          resolution,
          at,
          at,
          ticketId,
        );
        return { ok: true, value: view(load(db, ticketId)!), replayed: false };
      });
      const result = close.immediate();
      return result.ok && result.replayed
        ? ok(result.value, `Ticket ${ticketId} was already closed.`, { replayed: true })
        : answer(result, "Closed");
    }),
  );

  return mcp;
}

if (isMain(import.meta.url)) main("ticketing", createTicketingServer);
