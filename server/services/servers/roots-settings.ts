/**
 * The roots each MCP server is offered (MCP `roots/list`), set by admins on the Servers page and shared by every worker
 * (AppSetting rows "mcp.roots.<server>", a JSON list). Read when a server asks; a server with none set gets an empty
 * list. A change is announced with `notifications/roots/list_changed`: at once by the process that saves it, within
 * seconds by the others (roots-watch.ts).
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";
import { mcpRoots, type McpRoot } from "@/lib/mcp/roots";

const PREFIX = "mcp.roots.";

export const setRootsInput = z.object({ server: z.string().min(1).max(40), roots: mcpRoots });

export async function rootsOf(db: Db, server: string): Promise<McpRoot[]> {
  const row = await db.appSetting.findUnique({ where: { key: `${PREFIX}${server}` }, select: { value: true } });
  if (!row) return [];
  try {
    const parsed = mcpRoots.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Saves a server's roots; with `pool`, a connected server is told at once that they changed. */
export async function setRoots(
  db: Db,
  input: z.infer<typeof setRootsInput>,
  pool?: { rootsChanged(server: string): Promise<boolean> },
): Promise<void> {
  const server = await db.mcpServer.findUnique({ where: { name: input.server }, select: { id: true } });
  if (!server) throw notFound(`MCP server "${input.server}"`);
  const key = `${PREFIX}${input.server}`;
  if (input.roots.length === 0) {
    await db.appSetting.deleteMany({ where: { key } });
  } else {
    const value = JSON.stringify(input.roots);
    await db.appSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
  await pool?.rootsChanged(input.server);
}
