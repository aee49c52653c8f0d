/**
 * The tool catalog: each server's tools as last listed, with a hash of their
 * schemas and annotations. Changes (added, removed, changed) are recorded so
 * published workflows that use an old schema can be flagged.
 */
import type { McpToolInfo as Tool } from "../../mcp/types";
import type { Db } from "../../db/client";
import { DbNull, jsonValue } from "../../db/json";
import { contentHash } from "../../util/hash";
import { newId } from "../../util/ids";

export interface CatalogChange {
  toolName: string;
  kind: "added" | "removed" | "changed";
}

export function toolHash(tool: Tool): string {
  return contentHash({ input: tool.inputSchema, output: tool.outputSchema ?? null, annotations: tool.annotations ?? null });
}

const syncing = new Map<string, Promise<unknown>>();

/**
 * Records a server's tool list. Syncs of one server run one after the other in this process: a server that announces
 * `tools/list_changed` right after connecting (server-everything does) would otherwise race the connection test's sync.
 */
export function syncTools(db: Db, serverId: string, tools: Tool[], now = new Date()): Promise<CatalogChange[]> {
  const previous = syncing.get(serverId) ?? Promise.resolve();
  const next = previous.then(() => syncNow(db, serverId, tools, now));
  const settled = next.catch(() => undefined);
  syncing.set(serverId, settled);
  void settled.then(() => {
    if (syncing.get(serverId) === settled) syncing.delete(serverId);
  });
  return next;
}

async function syncNow(db: Db, serverId: string, tools: Tool[], now: Date): Promise<CatalogChange[]> {
  const existing = await db.mcpTool.findMany({ where: { serverId } });
  const byName = new Map(existing.map((t) => [t.name, t]));
  const changes: CatalogChange[] = [];
  const ops = [];
  for (const tool of tools) {
    const hash = toolHash(tool);
    const old = byName.get(tool.name);
    byName.delete(tool.name);
    const data = {
      title: tool.title ?? tool.annotations?.title ?? "",
      description: tool.description ?? "",
      inputSchema: jsonValue(tool.inputSchema),
      // The catalog mirrors the server: a schema or annotations the server no longer lists are cleared, not kept.
      outputSchema: tool.outputSchema ? jsonValue(tool.outputSchema) : DbNull,
      annotations: tool.annotations ? jsonValue(tool.annotations) : DbNull,
      schemaHash: hash,
      removedAt: null,
    };
    if (!old) {
      ops.push(db.mcpTool.create({ data: { id: newId("tool"), serverId, name: tool.name, ...data } }));
      changes.push({ toolName: tool.name, kind: "added" });
    } else {
      ops.push(db.mcpTool.update({ where: { id: old.id }, data }));
      if (old.schemaHash !== hash || old.removedAt)
        changes.push({ toolName: tool.name, kind: old.removedAt ? "added" : "changed" });
      if (old.schemaHash !== hash) ops.push(change(db, serverId, tool.name, "changed", old.schemaHash, hash, now));
    }
  }
  for (const gone of byName.values()) {
    if (gone.removedAt) continue;
    ops.push(db.mcpTool.update({ where: { id: gone.id }, data: { removedAt: now } }));
    ops.push(change(db, serverId, gone.name, "removed", gone.schemaHash, null, now));
    changes.push({ toolName: gone.name, kind: "removed" });
  }
  for (const c of changes.filter((c) => c.kind === "added")) {
    if (existing.length > 0)
      ops.push(change(db, serverId, c.toolName, "added", null, toolHash(tools.find((t) => t.name === c.toolName)!), now));
  }
  ops.push(db.mcpServer.update({ where: { id: serverId }, data: { toolsRefreshedAt: now } }));
  await db.$transaction(ops);
  return changes;
}

function change(
  db: Db,
  serverId: string,
  toolName: string,
  kind: CatalogChange["kind"],
  oldHash: string | null,
  newHash: string | null,
  now: Date,
) {
  return db.mcpToolChange.create({ data: { id: newId("tchg"), serverId, toolName, kind, oldHash, newHash, detectedAt: now } });
}
