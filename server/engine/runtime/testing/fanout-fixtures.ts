/**
 * The parallel and map workflows the fan-out tests run: on the in-memory harness (parallel-map.test.ts) and with the
 * demo MCP servers on a real database (parallel-map.int.test.ts). The demo's customer, order and procedure lookups.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { FINAL_STATUSES } from "../../core/types";

/** A branch (or item body) that calls one tool and returns its result. */
export const lookup = (server: string, tool: string, input: Record<string, string>) => ({
  startAt: "call",
  states: {
    call: { type: "tool", server, tool, input, timeoutMs: 60_000, assign: { found: "{% $result %}" }, next: "done" },
    done: { type: "succeed", output: "{% $found %}" },
  },
});

/** The customer, the order and the procedure looked up at the same time (input: customerEmail, orderId, issue). */
export const parallelLookup = {
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

/** Each e-mail of `$input.emails` looked up in the CRM, 16 at a time; the names in order. */
export const mapLookup = {
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

/** A parent waits on its branches and items ("waiting"): a status that ends the run. */
export const ended = (status: string) => (FINAL_STATUSES as readonly string[]).includes(status);
