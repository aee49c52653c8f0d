/**
 * Roots offered to an MCP server (MCP `roots/list`): the file:// locations the server may work in, set per server by
 * admins (Servers page). Written as text, one root a line: its URI, then optionally a space and a name.
 */
import { z } from "zod";

export const MAX_ROOTS = 20;

export const mcpRoot = z.strictObject({
  uri: z
    .string()
    .max(2000)
    .regex(/^file:\/\/\S*$/, "must be a file:// URI without spaces, e.g. file:///srv/data"),
  name: z.string().trim().min(1).max(200).optional(),
});
export const mcpRoots = z.array(mcpRoot).max(MAX_ROOTS, `at most ${MAX_ROOTS} roots`);
export type McpRoot = z.infer<typeof mcpRoot>;

export type RootsText = { ok: true; roots: McpRoot[] } | { ok: false; problems: string[] };

/** The roots of a text (one a line: URI, then an optional name); blank lines are skipped. */
export function parseRootsText(text: string): RootsText {
  const roots: McpRoot[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const [uri = "", ...rest] = line.split(/\s+/);
    const name = rest.join(" ");
    const parsed = mcpRoot.safeParse(name ? { uri, name } : { uri });
    if (parsed.success) roots.push(parsed.data);
    else problems.push(`Line ${i + 1}: ${parsed.error.issues.map((p) => p.message).join("; ")}`);
  });
  if (roots.length > MAX_ROOTS) problems.push(`At most ${MAX_ROOTS} roots`);
  return problems.length ? { ok: false, problems } : { ok: true, roots };
}

export function rootsText(roots: readonly McpRoot[]): string {
  return roots.map((r) => (r.name ? `${r.uri} ${r.name}` : r.uri)).join("\n");
}
