/**
 * Context management near the model's context size: before a model call, when the conversation's estimated size is
 * over the prompt budget, the oldest tool results are replaced by short summaries (their start and a reference) until
 * it fits. The full text of each summarised result is kept as a stored result (lib/agent/stored-results.ts), so the
 * model can still read it by pages. What is never touched: the instructions, the input, every assistant message (its
 * reasoning and tool calls), messages from people (corrections), and the last `keepRecentResults` tool messages.
 * Deterministic and without a model call: the compacted conversation is part of the committed state, so a replay or
 * a re-issued call sends exactly the same prompt. Pure.
 */
import type { AgentMessage, AgentToolResult } from "./messages";
import { PAGE_CHARS } from "./stored-results";

/** About four characters per token: the estimate used before the provider counts (deterministic, a little generous). */
export const CHARS_PER_TOKEN = 4;
/** The share of the model's context size the prompt may fill (the rest is for the answer and estimation error). */
export const DEFAULT_PROMPT_SHARE = 0.75;
export const DEFAULT_KEEP_RECENT_RESULTS = 2;
export const DEFAULT_SUMMARY_CHARS = 400;
/** Tool results up to this long are left as they are (a summary would not be much shorter). */
const MIN_SUMMARISED_CHARS = 600;

export interface ContextSettings {
  /** The prompt budget in tokens (estimated). */
  maxPromptTokens: number;
  keepRecentResults: number;
  summaryChars: number;
}

export function estimateTokens(messages: readonly AgentMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    if (m.role === "tool") for (const r of m.results) chars += r.content.length + r.name.length + 16;
    else chars += m.text.length + 16;
    if (m.role === "assistant") for (const c of m.toolCalls) chars += c.name.length + JSON.stringify(c.args ?? null).length;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

const SUMMARY_MARK = "[Summarised to save context:";

export function summaryOf(content: string, ref: string, chars: number): string {
  const pages = Math.max(1, Math.ceil(content.length / PAGE_CHARS));
  return (
    `${SUMMARY_MARK} ${content.length.toLocaleString("en")} characters, stored as "${ref}" (${pages} pages). ` +
    `Read it with switchyard__read_result {"ref":"${ref}","page":N} or search it with switchyard__search_result.]\n` +
    `${content.slice(0, chars)}${content.length > chars ? "…" : ""}`
  );
}

/** The reference an earlier large result was shown with (stored-results.ts storedView), if it is one. */
function storedRefOf(content: string): string | null {
  return /It is stored as "([^"]+)" in \d+ pages/.exec(content)?.[1] ?? null;
}

export interface Compacted {
  messages: AgentMessage[];
  /** New stored results (reference -> full text) for the summarised results. */
  added: Record<string, string>;
  summarised: number;
}

/**
 * The conversation fitted into the budget, oldest tool results first. `refFor(n)` names the n-th new stored result.
 * Returns the messages unchanged (the same array) when they fit or nothing can be summarised.
 */
export function compactConversation(
  messages: AgentMessage[],
  settings: ContextSettings,
  refFor: (n: number) => string,
): Compacted {
  let total = estimateTokens(messages);
  if (total <= settings.maxPromptTokens) return { messages, added: {}, summarised: 0 };
  const toolIndexes = messages.flatMap((m, i) => (m.role === "tool" ? [i] : []));
  const eligible = new Set(toolIndexes.slice(0, Math.max(0, toolIndexes.length - settings.keepRecentResults)));
  const added: Record<string, string> = {};
  let summarised = 0;
  const out = messages.map((m, i) => {
    if (m.role !== "tool" || !eligible.has(i) || total <= settings.maxPromptTokens) return m;
    const results = m.results.map((r): AgentToolResult => {
      if (total <= settings.maxPromptTokens) return r;
      if (r.content.length <= MIN_SUMMARISED_CHARS || r.content.startsWith(SUMMARY_MARK)) return r;
      // A large result already stored apart keeps its reference; any other gets one.
      const existing = storedRefOf(r.content);
      const ref = existing ?? refFor(Object.keys(added).length + 1);
      if (!existing) added[ref] = r.content;
      const content = existing
        ? `${SUMMARY_MARK} a large result stored as "${ref}"; read it with switchyard__read_result or search it.]`
        : summaryOf(r.content, ref, settings.summaryChars);
      total -= Math.floor((r.content.length - content.length) / CHARS_PER_TOKEN);
      summarised++;
      return { ...r, content };
    });
    return { ...m, results };
  });
  return summarised === 0 ? { messages, added, summarised } : { messages: out, added, summarised };
}
