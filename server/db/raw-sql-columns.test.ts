/**
 * The driver stores write rows with raw SQL (run-store-sqlite-sql.ts, run-store-pg-sql.ts, run-store-pg.ts), which
 * Prisma's types do not check. This ties every quoted identifier in that SQL to prisma/models.prisma: a table is a
 * model, and a column is a field of one of the tables the statement names. A renamed field fails here, not in
 * production.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const RAW_SQL_FILES = ["server/db/run-store-sqlite-sql.ts", "server/db/run-store-pg-sql.ts", "server/db/run-store-pg.ts"];

/** model name -> its scalar field names (relation fields have a model as their type and no column). */
function models(): Map<string, Set<string>> {
  const text = readFileSync(path.join(root, "prisma/models.prisma"), "utf8");
  const blocks = [...text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const names = new Set(blocks.map((b) => b[1]!));
  const result = new Map<string, Set<string>>();
  for (const [, name, body] of blocks) {
    const fields = new Set<string>();
    for (const line of body!.split("\n")) {
      const m = /^\s+(\w+)\s+(\w+)/.exec(line);
      if (m && !names.has(m[2]!)) fields.add(m[1]!);
    }
    result.set(name!, fields);
  }
  return result;
}

/** The SQL statements of a file: template literals and strings that read like SQL. */
function statements(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const literals = [...text.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
  return literals.filter((s) => /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b/.test(s) && s.includes('"'));
}

describe("raw SQL matches prisma/models.prisma", () => {
  const schema = models();

  it("reads the models (a sanity check of the parser)", () => {
    expect(schema.get("Run")).toContain("wakeAt");
    expect(schema.get("Escalation")).toContain("resolvedBy");
    expect(schema.get("Run")).not.toContain("version"); // a relation, not a column
  });

  it.each(RAW_SQL_FILES)("%s names only tables and columns that exist", (file) => {
    const sql = statements(file);
    expect(sql.length).toBeGreaterThan(0);
    const unknown: string[] = [];
    for (const statement of sql) {
      const aliases = new Set([...statement.matchAll(/\bAS "(\w+)"/gi)].map((m) => m[1]!));
      const identifiers = [...statement.matchAll(/"(\w+)"/g)].map((m) => m[1]!).filter((id) => !aliases.has(id));
      const tables = identifiers.filter((id) => schema.has(id));
      const columns = new Set(tables.flatMap((t) => [...schema.get(t)!]));
      for (const id of identifiers) if (!schema.has(id) && !columns.has(id)) unknown.push(`${id} in ${statement.slice(0, 60)}…`);
    }
    expect(unknown).toEqual([]);
  });
});
