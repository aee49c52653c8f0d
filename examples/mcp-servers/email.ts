/**
 * The demo email service: "sends" emails into an outbox (email.sqlite) that
 * nobody receives, and reads the outbox back. send_email is deduplicated by
 * the idempotency key in `_meta`.
 *
 *   node --import tsx examples/mcp-servers/email.ts              (stdio)
 *   node --import tsx examples/mcp-servers/email.ts --http --port 4105
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createDemoServer, isMain, main, type DemoServerOptions } from "./shared/bootstrap";
import { once } from "./shared/idempotency";
import { decodeCursor, encodeCursor } from "./shared/pagination";
import { nextId, now, type Store } from "./shared/state-store";
import { idempotencyKeyOf, ok, readOnly, tool, toolError, writes } from "./shared/tools";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    to_addr TEXT NOT NULL,
    cc TEXT NOT NULL DEFAULT '[]',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
  );
`;

interface OutboxRow {
  seq: number;
  message_id: string;
  to_addr: string;
  cc: string;
  subject: string;
  body: string;
  sent_at: string;
}

const view = (r: OutboxRow) => ({
  messageId: r.message_id,
  to: r.to_addr,
  cc: JSON.parse(r.cc) as string[],
  subject: r.subject,
  body: r.body,
  status: "sent" as const,
  sentAt: r.sent_at,
});

const messageOutput = {
  messageId: z.string().describe("Message id, e.g. MSG-1001"),
  to: z.string(),
  cc: z.array(z.string()),
  subject: z.string(),
  body: z.string(),
  status: z.literal("sent").describe("Always sent: the demo keeps it in the outbox"),
  sentAt: z.string(),
};

const load = (db: Store, id: string) => db.prepare("SELECT * FROM outbox WHERE message_id = ?").get(id) as OutboxRow;

/** A new email server (one per connection; they share the store). */
export function createEmailServer(options?: DemoServerOptions): McpServer {
  const { mcp, db } = createDemoServer(
    {
      name: "email",
      title: "Demo email outbox",
      instructions: "Email of the support-desk demo: messages go to an outbox you can read back; nothing leaves the machine.",
      schema: SCHEMA,
    },
    options,
  );

  mcp.registerTool(
    "send_email",
    {
      title: "Send an email",
      description:
        "Sends an email to a customer (demo: it is kept in the outbox). Not idempotent: " +
        'with _meta["dev.switchyard/idempotency-key"] a repeated key returns the first message without sending again.',
      inputSchema: {
        to: z.email().describe("Recipient address"),
        subject: z.string().min(1).max(300).describe("Subject line"),
        body: z.string().max(50_000).describe("Plain-text body"),
        cc: z.array(z.email()).max(10).default([]).describe("Copies (optional)"),
      },
      outputSchema: messageOutput,
      annotations: writes("Send an email", { destructive: false, idempotent: false }),
    },
    tool((args, extra) => {
      const result = once(db, "send_email", idempotencyKeyOf(extra._meta), args, () => {
        const id = nextId(db, "message", "MSG");
        db.prepare("INSERT INTO outbox (message_id, to_addr, cc, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?)").run(
          id,
          args.to,
          JSON.stringify(args.cc),
          args.subject,
          args.body,
          now(),
        );
        return { ok: true, value: view(load(db, id)), replayed: false };
      });
      if (!result.ok) return toolError(result.error);
      const m = result.value;
      const summary = `${result.replayed ? "Already sent (same idempotency key)" : "Sent"} ${m.messageId} to ${m.to}: ${m.subject}.`;
      return ok(m, summary, { replayed: result.replayed });
    }),
  );

  mcp.registerTool(
    "list_outbox",
    {
      title: "Read the outbox",
      description: "The emails sent so far, newest first, optionally only those to one address; pass nextCursor back for more.",
      inputSchema: {
        to: z.string().optional().describe("Only messages to this address (case-insensitive)"),
        limit: z.number().int().min(1).max(100).default(20).describe("Messages per page (1-100, default 20)"),
        cursor: z.string().optional().describe("nextCursor of the previous page"),
      },
      outputSchema: {
        messages: z.array(z.object(messageOutput)),
        nextCursor: z.string().optional().describe("Present when there are more messages"),
      },
      annotations: readOnly("Read the outbox"),
    },
    tool(({ to, limit, cursor }) => {
      const before = cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(cursor);
      if (before === null) return toolError(`The cursor ${cursor} is not valid: pass nextCursor from a previous page.`);
      const rows = db
        .prepare(
          `SELECT * FROM outbox WHERE seq < ? AND (? IS NULL OR lower(to_addr) = lower(?))
           ORDER BY seq DESC LIMIT ?`,
        )
        .all(before, to ?? null, to ?? null, limit + 1) as OutboxRow[];
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor(last.seq) : undefined;
      return ok({ messages: page.map(view), nextCursor }, `${page.length} message(s) in the outbox${to ? ` to ${to}` : ""}.`);
    }),
  );

  return mcp;
}

if (isMain(import.meta.url)) main("email", createEmailServer);
