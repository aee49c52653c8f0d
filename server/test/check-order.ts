/**
 * The tests' flaky-server workflow: one call of the orders server's get_order that retries its protocol errors (the
 * demo server's seeded failures) and waits while the server's circuit breaker is open.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** The "check" state: get_order for `$input.orderId`, then "done". */
export const CHECK_ORDER_STATE = {
  type: "tool",
  server: "orders",
  tool: "get_order",
  input: { orderId: "{% $input.orderId %}" },
  retry: { maxAttempts: 30, initialDelayMs: 20, backoffRate: 1, maxDelayMs: 20, jitter: "none", retryOn: ["protocol_error"] },
  breaker: { whenOpen: "wait" },
  next: "done",
} as const;

/** "Check an order": the check alone, then done. */
export const CHECK_ORDER = {
  schemaVersion: 1,
  name: "Check an order",
  input: { type: "object", properties: { orderId: { type: "string" } } },
  startAt: "check",
  states: { check: CHECK_ORDER_STATE, done: { type: "succeed" } },
} as unknown as WorkflowDefinition;
