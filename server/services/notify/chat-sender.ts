/**
 * Sends one chat notification: a JSON POST to the webhook with the call's idempotency key as `Idempotency-Key` (and
 * `X-Switchyard-Notification`), so a receiver that keeps keys can drop a repeat. The engine treats the built-in tool
 * like any other: the attempt row is written before the call, `beforeSend` records the send durably just before the
 * request leaves, and after a crash an unanswered notification goes to a person ("outcome unknown") instead of being
 * sent twice. Errors never carry the URL (it is a secret).
 */
import { McpCallError, type McpErrorKind } from "../../mcp/errors";
import { chatBody, classifyStatus, parseNotifyArgs } from "./chat-message";

export const BUILTIN_SERVER = "switchyard";
export const NOTIFY_TOOL = "notify";

export interface SendOptions {
  timeoutMs: number;
  signal: AbortSignal;
  idempotencyKey: string;
  beforeSend?: (() => Promise<void>) | undefined;
}

export interface NotifyResult {
  delivered: true;
  channel: "chat";
  status: number;
}

function fail(kind: McpErrorKind, message: string, httpStatus?: number): McpCallError {
  return new McpCallError(kind, message, { server: BUILTIN_SERVER, tool: NOTIFY_TOOL, httpStatus });
}

/** Posts the message; resolves with what the receiver answered or rejects with an McpCallError (no URL in it). */
export async function sendChatNotification(
  url: string | null,
  args: Record<string, unknown>,
  opts: SendOptions,
): Promise<NotifyResult> {
  const parsed = parseNotifyArgs(args);
  if (!parsed.ok) throw fail("invalid_input", parsed.message);
  if (!url) throw fail("auth_required", "No chat webhook is set: an admin sets one under Settings -> Notifications");
  await opts.beforeSend?.();
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Switchyard-Notify/1",
        "idempotency-key": opts.idempotencyKey,
        "x-switchyard-notification": opts.idempotencyKey,
      },
      body: JSON.stringify(chatBody(parsed.value)),
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]),
      redirect: "manual",
    });
    await res.body?.cancel();
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
      throw fail("timeout", `The chat webhook did not answer within ${opts.timeoutMs} ms`);
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    throw fail(
      "server_unavailable",
      `The chat webhook could not be reached (${typeof code === "string" ? code : "network error"})`,
    );
  }
  switch (classifyStatus(res.status)) {
    case "delivered":
      return { delivered: true, channel: "chat", status: res.status };
    case "unavailable":
      throw fail("server_unavailable", `The chat webhook answered HTTP ${res.status}`, res.status);
    case "rejected":
      throw fail("tool_error", `The chat webhook refused the message (HTTP ${res.status})`, res.status);
  }
}
