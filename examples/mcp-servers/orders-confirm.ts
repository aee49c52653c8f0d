/**
 * Refunds above a limit (`DEMO_REFUND_CONFIRM_ABOVE`, off when unset) need a
 * person's confirmation: the orders server asks through MCP elicitation, and
 * Switchyard shows the question in its inbox while the call waits.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { askPerson } from "./shared/ask-person";

export function refundConfirmationLimit(env: Record<string, string | undefined>): number | null {
  const raw = env.DEMO_REFUND_CONFIRM_ABOVE?.trim();
  if (!raw) return null;
  const limit = Number(raw);
  if (!Number.isFinite(limit) || limit < 0) throw new Error(`DEMO_REFUND_CONFIRM_ABOVE must be a number >= 0, got "${raw}"`);
  return limit;
}

/** Asks for the confirmation; null when confirmed, else why the refund is refused. */
export async function confirmLargeRefund(
  mcp: McpServer,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  refund: { orderId: string; amount: number; currency: string },
): Promise<string | null> {
  const answer = await askPerson(mcp, extra, {
    message: `A refund of ${refund.amount} ${refund.currency} on order ${refund.orderId} is above the finance limit. Approve it?`,
    requestedSchema: {
      type: "object",
      properties: {
        approve: { type: "boolean", title: "Approve this refund", default: false },
        approver: { type: "string", title: "Approved by (finance)", minLength: 2, maxLength: 100 },
      },
      required: ["approve", "approver"],
    },
  });
  if (answer === null) {
    return `Refunds above the finance limit need a person's approval, and this client cannot ask one (no elicitation support).`;
  }
  if (answer.action !== "accept") return `The refund was not approved (the person chose to ${answer.action}).`;
  if (answer.content?.approve !== true) return `The refund was not approved by ${String(answer.content?.approver ?? "finance")}.`;
  return null;
}
