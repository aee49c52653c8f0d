/**
 * Context management for agent steps: a tool result over the view budget never
 * enters the prompt whole. The model gets the start of it and a reference; the
 * whole result is kept with the step, and two built-in tools read it by pages or
 * search it. Pure: the executor's core and the model port share it.
 */
import type { AgentToolDefinition } from "./messages";

/** The server name of the built-in tools (never an MCP server: names of those cannot start with "$"). */
export const BUILTIN_SERVER = "$switchyard";
/** A result longer than this (characters) is stored apart and shown by its start and a reference. */
export const RESULT_VIEW_CHARS = 8_000;
const PREVIEW_CHARS = 1_500;
export const PAGE_CHARS = 4_000;
/** The most of one result kept (characters); beyond it the result is cut, and the model is told. */
export const MAX_STORED_CHARS = 4_000_000;
const MAX_MATCHES = 20;
const SNIPPET = 160;

export const BUILTIN_TOOLS: readonly (AgentToolDefinition & { tool: string })[] = [
  {
    tool: "read_result",
    name: "switchyard__read_result",
    description: `Reads one page (${PAGE_CHARS} characters) of a large tool result stored apart, by its reference.`,
    inputSchema: {
      type: "object",
      properties: {
        ref: { type: "string", description: "The reference given with the result, e.g. result-3" },
        page: { type: "integer", minimum: 1, description: "The page to read, from 1" },
      },
      required: ["ref", "page"],
    },
  },
  {
    tool: "search_result",
    name: "switchyard__search_result",
    description:
      "Searches a large tool result stored apart for a text (case-insensitive); answers the pages and lines that hold it.",
    inputSchema: {
      type: "object",
      properties: {
        ref: { type: "string", description: "The reference given with the result" },
        query: { type: "string", minLength: 1, description: "The text to look for" },
      },
      required: ["ref", "query"],
    },
  },
];

export function pageCount(content: string): number {
  return Math.max(1, Math.ceil(content.length / PAGE_CHARS));
}

/** What the model sees instead of a large result. */
export function storedView(ref: string, content: string, originalLength: number): string {
  const cut = originalLength > content.length ? ` (cut at ${content.length.toLocaleString("en")} characters)` : "";
  return (
    `${content.slice(0, PREVIEW_CHARS)}\n[… This result is ${originalLength.toLocaleString("en")} characters${cut}: too large to show ` +
    `whole. It is stored as "${ref}" in ${pageCount(content)} pages of ${PAGE_CHARS} characters. Read a page with ` +
    `switchyard__read_result {"ref":"${ref}","page":N} or search it with switchyard__search_result {"ref":"${ref}","query":"…"}.]`
  );
}

/** Runs a built-in tool over the stored results: the text the model reads (errors as text too). */
export function runBuiltin(
  stored: Readonly<Record<string, string | object>>,
  tool: string,
  args: Record<string, unknown>,
): { ok: boolean; content: string } {
  const ref = typeof args.ref === "string" ? args.ref : "";
  const content = stored[ref];
  if (content === undefined) {
    const known = Object.keys(stored);
    return { ok: false, content: `There is no stored result "${ref}". Stored: ${known.join(", ") || "(none)"}` };
  }
  // The runtime reads stored results back before the core runs; a reference left here was not found.
  if (typeof content !== "string") return { ok: false, content: `The stored result "${ref}" could not be read` };
  if (tool === "read_result") {
    const pages = pageCount(content);
    const page = typeof args.page === "number" ? Math.floor(args.page) : NaN;
    if (!(page >= 1 && page <= pages)) return { ok: false, content: `"page" must be a whole number from 1 to ${pages}` };
    const text = content.slice((page - 1) * PAGE_CHARS, page * PAGE_CHARS);
    return { ok: true, content: `[${ref}, page ${page} of ${pages}]\n${text}` };
  }
  if (tool === "search_result") {
    const query = typeof args.query === "string" ? args.query.trim().toLowerCase().slice(0, 200) : "";
    if (!query) return { ok: false, content: '"query" must be a non-empty text' };
    return { ok: true, content: search(ref, content, query) };
  }
  return { ok: false, content: `There is no built-in tool "${tool}"` };
}

function search(ref: string, content: string, query: string): string {
  const lower = content.toLowerCase();
  const hits: string[] = [];
  let total = 0;
  for (let at = lower.indexOf(query); at !== -1; at = lower.indexOf(query, at + query.length)) {
    total++;
    if (hits.length >= MAX_MATCHES) continue;
    const start = Math.max(0, at - SNIPPET / 2);
    const snippet = content.slice(start, at + query.length + SNIPPET / 2).replace(/\s+/g, " ");
    hits.push(`- page ${Math.floor(at / PAGE_CHARS) + 1}: …${snippet}…`);
  }
  if (total === 0) return `No match for "${query}" in ${ref}.`;
  const more = total > hits.length ? `\n(${total - hits.length} more matches not shown)` : "";
  return `${total} match${total === 1 ? "" : "es"} for "${query}" in ${ref}:\n${hits.join("\n")}${more}`;
}
