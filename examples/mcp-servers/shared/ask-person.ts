/**
 * Asking the person behind the client during a tool call (MCP elicitation,
 * `elicitation/create`). The request goes out as part of the call (on HTTP, on
 * the call's own response stream) and carries the call's idempotency key in its
 * `_meta`, so a client running many calls knows which one asks.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ElicitResultSchema,
  type ElicitRequestFormParams,
  type ElicitResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { IDEMPOTENCY_KEY_META, idempotencyKeyOf } from "./tools";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A person may take a while: the client's own time limit for the call is what ends the wait. */
const WAIT_MS = 24 * 60 * 60 * 1000;

/** The message and the flat object schema of primitive fields (the elicitation subset of JSON Schema). */
export type Question = Pick<ElicitRequestFormParams, "message" | "requestedSchema">;

/** The person's answer, or null when the client cannot ask anyone (no elicitation capability). */
export async function askPerson(mcp: McpServer, extra: Extra, question: Question): Promise<ElicitResult | null> {
  if (!mcp.server.getClientCapabilities()?.elicitation) return null;
  const key = idempotencyKeyOf(extra._meta);
  return extra.sendRequest(
    {
      method: "elicitation/create",
      params: { mode: "form", ...question, ...(key ? { _meta: { [IDEMPOTENCY_KEY_META]: key } } : {}) },
    },
    ElicitResultSchema,
    { timeout: WAIT_MS },
  );
}
