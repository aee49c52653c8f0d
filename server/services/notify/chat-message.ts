/**
 * The built-in "notify" tool's arguments and the chat message they make: pure, bounded, table-tested
 * (chat-message.test.ts). The message text is already filled in by the engine (the step's input is evaluated like any
 * tool step's, so "{% $order.id %}" placeholders work).
 */
export const MAX_NOTIFY_TEXT = 4000;
export const MAX_NOTIFY_TITLE = 200;

export interface NotifyArgs {
  text: string;
  title?: string | undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks the tool's arguments (the engine gives them evaluated); a message names what is wrong. */
export function parseNotifyArgs(args: Record<string, unknown>): Parsed<NotifyArgs> {
  const { text, title } = args;
  const extra = Object.keys(args).filter((k) => k !== "text" && k !== "title" && k !== "channel");
  if (extra.length > 0) return { ok: false, message: `Unknown settings: ${extra.slice(0, 5).join(", ")}` };
  if (args.channel !== undefined && args.channel !== "chat")
    return { ok: false, message: 'channel must be "chat" (the chat webhook set under Settings -> Notifications)' };
  if (typeof text !== "string" || text.trim() === "") return { ok: false, message: "The message (text) is empty" };
  if (text.length > MAX_NOTIFY_TEXT)
    return { ok: false, message: `The message is ${text.length} characters long; at most ${MAX_NOTIFY_TEXT} are sent` };
  if (title !== undefined && (typeof title !== "string" || title.length > MAX_NOTIFY_TITLE))
    return { ok: false, message: `The title must be a text of at most ${MAX_NOTIFY_TITLE} characters` };
  return { ok: true, value: { text, ...(typeof title === "string" && title.trim() !== "" ? { title } : {}) } };
}

/** The Slack-compatible body ({ text } is read by Slack, Mattermost, Rocket.Chat, Google Chat and Teams workflows). */
export function chatBody(args: NotifyArgs): { text: string } {
  return { text: args.title ? `*${args.title}*\n${args.text}` : args.text };
}

export type ChatAnswerKind = "delivered" | "rejected" | "unavailable";

/** How an HTTP status is taken: 2xx delivered; 408, 429 and 5xx worth retrying; any other refusal is final. */
export function classifyStatus(status: number): ChatAnswerKind {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "unavailable";
  return "rejected";
}
