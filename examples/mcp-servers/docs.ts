/**
 * The demo knowledge base: searches the seeded resolution procedures (damaged
 * item, late delivery, wrong address, double charge...) by keyword. Read-only.
 * With injected latency (DEMO_LATENCY_MS) and a progressToken it reports
 * progress while it "searches".
 *
 *   node --import tsx examples/mcp-servers/docs.ts              (stdio)
 *   node --import tsx examples/mcp-servers/docs.ts --http --port 4103
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { FALLBACK_PROCEDURE_ID, PROCEDURES, type Procedure } from "./data/procedures";
import { createDemoServer, isMain, main, type DemoServerOptions } from "./shared/bootstrap";
import { ok, readOnly, tool } from "./shared/tools";

const STOPWORDS = new Set(
  "a an and are as at be but by for from has have i in is it my of on or our so that the their this to was were with you your me we not no".split(
    " ",
  ),
);

/** Lower-case words of a text, without stopwords. */
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));

/** Same word, or the same stem for words of 4+ letters ("charged" ~ "charge", "delays" ~ "delay"). */
const matches = (a: string, b: string) => a === b || (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** Keyword score: 3 per keyword hit, 2 per title word, 1 per summary word. */
export function scoreProcedure(query: string, p: Procedure): { score: number; matched: string[] } {
  const title = words(p.title);
  const summary = words(p.summary);
  let score = 0;
  const matched = new Set<string>();
  for (const w of new Set(words(query))) {
    const hits = [
      p.keywords.some((k) => matches(w, k)) ? 3 : 0,
      title.some((t) => matches(w, t)) ? 2 : 0,
      summary.some((s) => matches(w, s)) ? 1 : 0,
    ];
    const points = hits.reduce((a, b) => a + b, 0);
    if (points > 0) matched.add(w);
    score += points;
  }
  return { score, matched: [...matched] };
}

const result = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  steps: z.array(z.string()).describe("What to do, in order"),
  refund: z.object({ usual: z.boolean(), approvalAbove: z.number().nullable() }).describe("Usual resolution and approval limit"),
  score: z.number().describe("Keyword score; 0 for the fallback procedure"),
  matchedWords: z.array(z.string()),
});

/** A new docs server (one per connection). */
export function createDocsServer(options?: DemoServerOptions): McpServer {
  const { mcp } = createDemoServer(
    {
      name: "docs",
      title: "Demo support procedures",
      instructions: "Resolution procedures of the support-desk demo; search them with the customer's complaint.",
    },
    options,
  );

  mcp.registerTool(
    "search_procedures",
    {
      title: "Search resolution procedures",
      description:
        "Finds the procedures matching a complaint by keyword, best first. When nothing matches, returns the general-complaint procedure (fallback: true).",
      inputSchema: {
        query: z.string().min(1).max(2000).describe("The complaint or keywords, e.g. 'the mug arrived broken'"),
        limit: z.number().int().min(1).max(10).default(3).describe("Most results to return (1-10, default 3)"),
      },
      outputSchema: { query: z.string(), results: z.array(result), fallback: z.boolean() },
      annotations: readOnly("Search resolution procedures"),
    },
    tool(({ query, limit }) => {
      const scored = PROCEDURES.map((p) => ({ p, ...scoreProcedure(query, p) }))
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || a.p.id.localeCompare(b.p.id))
        .slice(0, limit);
      const fallback = scored.length === 0;
      const chosen = fallback
        ? PROCEDURES.filter((p) => p.id === FALLBACK_PROCEDURE_ID).map((p) => ({ p, score: 0, matched: [] as string[] }))
        : scored;
      const results = chosen.map(({ p, score, matched }) => ({
        id: p.id,
        title: p.title,
        summary: p.summary,
        steps: p.steps,
        refund: p.refund,
        score,
        matchedWords: matched,
      }));
      const titles = results.map((r) => r.title).join("; ");
      return ok(
        { query, results, fallback },
        fallback ? `No procedure matched; general procedure: ${titles}.` : `Best matches: ${titles}.`,
      );
    }),
  );

  return mcp;
}

if (isMain(import.meta.url)) main("docs", createDocsServer);
