/**
 * The result cache of `use_cached` steps: the newest successful attempt of the same call (server, tool and
 * arguments), however many other calls came since. Attempts are filtered by their arguments in the database
 * (PostgreSQL: jsonb equality, which ignores key order; SQLite: the arguments' JSON text, as the engine writes it, in
 * its written and in canonical key order), walking the (server, tool, status, finishedAt) index newest first.
 */
import type { Db } from "./client";
import { jsonValue } from "./json";
import { canonicalJson } from "@/lib/workflow/canonical";

export interface CachedAttempt {
  output: unknown;
  finishedAt: Date | null;
}

export async function findCachedAttempt(
  db: Db,
  provider: "sqlite" | "postgresql",
  server: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<CachedAttempt | null> {
  const texts = [...new Set([JSON.stringify(args), canonicalJson(args)])];
  const where = { server, tool, status: "succeeded", fromCache: false };
  const select = { output: true, finishedAt: true } as const;
  const orderBy = { finishedAt: "desc" } as const;
  if (provider === "postgresql")
    return db.stepAttempt.findFirst({ where: { ...where, input: { equals: jsonValue(args) } }, orderBy, select });
  const rows = await db.$queryRawUnsafe<{ output: unknown; finishedAt: string | number | Date | null }[]>(
    `SELECT "output", "finishedAt" FROM "StepAttempt"
      WHERE "server" = ? AND "tool" = ? AND "status" = 'succeeded' AND "fromCache" = 0 AND "input" IN (${texts.map(() => "?").join(", ")})
      ORDER BY "finishedAt" DESC LIMIT 1`,
    server,
    tool,
    ...texts,
  );
  const hit = rows[0];
  if (!hit) return null;
  return {
    output: typeof hit.output === "string" ? (JSON.parse(hit.output) as unknown) : hit.output,
    finishedAt: hit.finishedAt === null ? null : new Date(hit.finishedAt),
  };
}
