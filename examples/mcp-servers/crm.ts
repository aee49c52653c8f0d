/**
 * The demo CRM: finds customers by email and summarises their history (past
 * contacts and orders). Read-only; its store holds only the call log.
 *
 *   node --import tsx examples/mcp-servers/crm.ts              (stdio)
 *   node --import tsx examples/mcp-servers/crm.ts --http --port 4101
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CONTACTS, customerByEmail, customerById, type Customer } from "./data/customers";
import { ordersOf } from "./data/orders";
import { createDemoServer, isMain, main, type DemoServerOptions } from "./shared/bootstrap";
import { ok, readOnly, tool, toolError } from "./shared/tools";

const customerOutput = {
  id: z.string().describe("Customer id, e.g. cust_001"),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  address: z.string().describe("Postal address on file, one line"),
  tier: z.enum(["standard", "silver", "gold", "platinum"]).describe("Loyalty tier"),
  customerSince: z.string().describe("Date of the first order (YYYY-MM-DD)"),
};

const historyOutput = {
  customerId: z.string(),
  name: z.string(),
  tier: z.string(),
  contacts: z
    .array(z.object({ date: z.string(), channel: z.enum(["email", "phone", "chat"]), summary: z.string() }))
    .describe("Past contacts with support, newest first"),
  orderCount: z.number().int(),
  orders: z
    .array(z.object({ orderId: z.string(), placedAt: z.string(), status: z.string(), total: z.number(), currency: z.string() }))
    .describe("Orders, newest first"),
};

const describeCustomer = (c: Customer) => `${c.name} (${c.id}, ${c.tier}), ${c.email}, ${c.address}`;

/** A new CRM server (one per connection; they share the store). */
export function createCrmServer(options?: DemoServerOptions): McpServer {
  const { mcp } = createDemoServer(
    {
      name: "crm",
      title: "Demo CRM",
      instructions: "Customer records of the support-desk demo: look customers up by email, then read their history.",
    },
    options,
  );

  mcp.registerTool(
    "find_customer",
    {
      title: "Find a customer by email",
      description:
        "Returns the customer record (id, name, address on file, tier...) for an email address. Unknown email: tool error.",
      inputSchema: { email: z.email().describe("The customer's email address (case-insensitive)") },
      outputSchema: customerOutput,
      annotations: readOnly("Find a customer by email"),
    },
    tool(({ email }) => {
      const customer = customerByEmail(email);
      if (!customer) return toolError(`No customer has the email address ${email}.`);
      return ok({ ...customer }, `Customer: ${describeCustomer(customer)}.`);
    }),
  );

  mcp.registerTool(
    "customer_history",
    {
      title: "Customer history",
      description: "Past support contacts and orders of a customer, newest first. Unknown customer: tool error.",
      inputSchema: { customerId: z.string().min(1).describe("Customer id from find_customer, e.g. cust_001") },
      outputSchema: historyOutput,
      annotations: readOnly("Customer history"),
    },
    tool(({ customerId }) => {
      const customer = customerById(customerId);
      if (!customer) return toolError(`No customer has the id ${customerId}.`);
      const contacts = CONTACTS.filter((c) => c.customerId === customer.id)
        .sort((a, b) => b.date.localeCompare(a.date))
        .map(({ date, channel, summary }) => ({ date, channel, summary }));
      const orders = ordersOf(customer.id).map(({ orderId, placedAt, status, total, currency }) => ({
        orderId,
        placedAt,
        status,
        total,
        currency,
      }));
      const history = {
        customerId: customer.id,
        name: customer.name,
        tier: customer.tier,
        contacts,
        orderCount: orders.length,
        orders,
      };
      return ok(history, `${customer.name}: ${contacts.length} past contact(s), ${orders.length} order(s).`);
    }),
  );

  return mcp;
}

if (isMain(import.meta.url)) main("crm", createCrmServer);
