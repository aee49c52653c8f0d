/** Limits on calls in flight per MCP server (shared by every worker), kept as AppSetting rows. */
import { z } from "zod";
import type { Db } from "../../db/client";
import { LIMIT_PREFIX } from "../../db/call-slots";
import { notFound } from "@/lib/errors";

export const setLimitInput = z.object({
  server: z.string().min(1).max(40),
  /** null removes the limit. */
  maxInFlight: z.int().min(1, "must be at least 1").max(10_000).nullable(),
});

export async function serverLimits(db: Db): Promise<Record<string, number>> {
  const rows = await db.appSetting.findMany({ where: { key: { startsWith: LIMIT_PREFIX } } });
  return Object.fromEntries(rows.map((r) => [r.key.slice(LIMIT_PREFIX.length), Number(r.value)]));
}

export async function setServerLimit(db: Db, input: z.infer<typeof setLimitInput>): Promise<void> {
  const server = await db.mcpServer.findUnique({ where: { name: input.server }, select: { id: true } });
  if (!server) throw notFound(`MCP server "${input.server}"`);
  const key = `${LIMIT_PREFIX}${input.server}`;
  if (input.maxInFlight === null) await db.appSetting.deleteMany({ where: { key } });
  else
    await db.appSetting.upsert({
      where: { key },
      create: { key, value: String(input.maxInFlight) },
      update: { value: String(input.maxInFlight) },
    });
}
