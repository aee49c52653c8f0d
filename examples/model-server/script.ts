/**
 * Scripts for the scripted model server: per scenario (the model id asked for),
 * a list of turns. The turn answered is the number of assistant messages already
 * in the conversation, so the same conversation always gets the same answer (a
 * request repeated after a crash included). A turn may hold alternatives picked
 * by what the last message says.
 */
import { z } from "zod";

const toolCall = z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}) });

const answer = z.object({
  /** Only when the last message (user text or tool results) contains this text. */
  ifLastMessageIncludes: z.string().optional(),
  text: z.string().optional(),
  toolCalls: z.array(toolCall).optional(),
  /** Answer with an HTTP error instead (e.g. 429, 500, or 400 with a context-length message). */
  error: z.object({ status: z.number().int().min(400).max(599), message: z.string(), code: z.string().optional() }).optional(),
  /** Wait this long before answering (to test timeouts). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Pad the answer's text to about this many bytes (to test size limits). */
  padToBytes: z
    .number()
    .int()
    .min(0)
    .max(64 * 1024 * 1024)
    .optional(),
});

const turn = z.union([answer, z.array(answer).min(1)]);

export const scenarioSchema = z.object({
  /** The model id that selects this scenario. */
  model: z.string().min(1),
  description: z.string().optional(),
  turns: z.array(turn).min(1),
  /** What to answer once the turns run out (default: a 400 error saying so). */
  afterLastTurn: answer.optional(),
});

export type ScriptedAnswer = z.infer<typeof answer>;
export type Scenario = z.infer<typeof scenarioSchema>;

export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[];
}

/** The answer scripted for this conversation, or undefined when none fits. */
export function pickAnswer(
  scenario: Scenario,
  messages: readonly ChatMessage[],
): { turn: number; answer: ScriptedAnswer | undefined } {
  const turnIndex = messages.filter((m) => m.role === "assistant").length;
  const scripted = scenario.turns[turnIndex];
  if (scripted === undefined) return { turn: turnIndex, answer: scenario.afterLastTurn };
  const alternatives = Array.isArray(scripted) ? scripted : [scripted];
  const last = textOf(messages.at(-1));
  const chosen = alternatives.find((a) => a.ifLastMessageIncludes === undefined || last.includes(a.ifLastMessageIncludes));
  return { turn: turnIndex, answer: chosen };
}

/** A message's text as the script sees it: string content, text parts, or JSON of anything else. */
export function textOf(message: ChatMessage | undefined): string {
  if (!message) return "";
  const { content } = message;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part: unknown) => (isTextPart(part) ? part.text : JSON.stringify(part))).join("\n");
  }
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

function isTextPart(part: unknown): part is { text: string } {
  return typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string";
}

/** A deterministic token count: about four bytes of text per token. */
export function countTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / 4);
}
