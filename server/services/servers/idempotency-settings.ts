/**
 * Which MCP servers honour idempotency keys (a request repeated with the same `_meta` key does not repeat the
 * operation), set by admins on the Servers page and shared by every worker (AppSetting rows "mcp.honoursKeys.<server>").
 * After a crash, a call to such a server is re-sent with the same key instead of asking a person whether it happened.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";

const PREFIX = "mcp.honoursKeys.";

export const setHonoursKeysInput = z.object({ server: z.string().min(1).max(40), honours: z.boolean() });

/** The servers that honour idempotency keys. */
export async function serversHonouringKeys(db: Db): Promise<string[]> {
  const rows = await db.appSetting.findMany({ where: { key: { startsWith: PREFIX } } });
  return rows.filter((r) => r.value === "true").map((r) => r.key.slice(PREFIX.length));
}

export async function setHonoursKeys(db: Db, input: z.infer<typeof setHonoursKeysInput>): Promise<void> {
  const server = await db.mcpServer.findUnique({ where: { name: input.server }, select: { id: true } });
  if (!server) throw notFound(`MCP server "${input.server}"`);
  const key = `${PREFIX}${input.server}`;
  if (!input.honours) await db.appSetting.deleteMany({ where: { key } });
  else await db.appSetting.upsert({ where: { key }, create: { key, value: "true" }, update: { value: "true" } });
}

/** The engine's view: read when asked (recovery after a crash is rare), so a change applies at once. */
export function honoursKeysSource(db: Db): (server: string) => Promise<boolean> {
  return async (server) =>
    (await db.appSetting.findUnique({ where: { key: `${PREFIX}${server}` }, select: { value: true } }))?.value === "true";
}
