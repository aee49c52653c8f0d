/** The designer's palette: every registered MCP server with the tools it offers. */
import type { Db } from "../../db/client";
import type { CatalogServer, ToolAnnotations } from "@/lib/mcp/catalog";
import { builtinCatalog } from "../notify/builtin-tools";

export async function getCatalog(db: Db): Promise<CatalogServer[]> {
  const rows = await db.mcpServer.findMany({
    orderBy: { name: "asc" },
    include: {
      tools: { where: { removedAt: null }, orderBy: { name: "asc" } },
      toolChanges: { where: { kind: "changed" }, orderBy: { detectedAt: "desc" } },
    },
  });
  return [
    builtinCatalog(),
    ...rows.map((row) => {
      const changedAt = new Map<string, Date>();
      for (const c of row.toolChanges) if (!changedAt.has(c.toolName)) changedAt.set(c.toolName, c.detectedAt);
      return {
        id: row.id,
        name: row.name,
        title: row.title,
        enabled: row.enabled,
        status: row.lastCheckOk === null ? null : row.lastCheckOk ? ("ok" as const) : ("error" as const),
        tools: row.tools.map((t) => ({
          server: row.name,
          name: t.name,
          title: t.title,
          description: t.description,
          inputSchema: t.inputSchema as Record<string, unknown>,
          outputSchema: t.outputSchema as Record<string, unknown> | null,
          annotations: (t.annotations ?? {}) as ToolAnnotations,
          schemaHash: t.schemaHash,
          changedAt: changedAt.get(t.name) ?? null,
        })),
      };
    }),
  ];
}
