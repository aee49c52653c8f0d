/**
 * Liveness and readiness. Ready means: the database answers, every migration of this build is applied, and the
 * executor of this process is running (or turned off on purpose with SWITCHYARD_ENGINE=off).
 */
import type { Db } from "../db/client";
import { migrationsDir, readMigrations } from "../db/migrate";
import type { DbConfig } from "../db/config";

export interface Check {
  name: "database" | "migrations" | "executor";
  ok: boolean;
  detail: string;
}

export type ExecutorStatus = "running" | "starting" | "failed" | "stopped" | "off";

export function liveness(): { status: "ok"; uptimeSeconds: number } {
  return { status: "ok", uptimeSeconds: Math.round(process.uptime() * 10) / 10 };
}

export async function readiness(
  db: Db,
  provider: DbConfig["provider"],
  executor: ExecutorStatus,
  root = process.cwd(),
): Promise<{ ready: boolean; checks: Check[] }> {
  const database = await checkDatabase(db);
  const migrations = database.ok
    ? await checkMigrations(db, provider, root)
    : { name: "migrations" as const, ok: false, detail: "not checked: the database is unreachable" };
  const checks = [database, migrations, checkExecutor(executor)];
  return { ready: checks.every((c) => c.ok), checks };
}

async function checkDatabase(db: Db): Promise<Check> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { name: "database", ok: true, detail: "reachable" };
  } catch (err) {
    return { name: "database", ok: false, detail: `unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function checkMigrations(db: Db, provider: DbConfig["provider"], root: string): Promise<Check> {
  const expected = readMigrations(migrationsDir(provider, root)).map((m) => m.name);
  let applied: Set<string>;
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch {
    applied = new Set();
  }
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length === 0) return { name: "migrations", ok: true, detail: `${expected.length} applied` };
  return { name: "migrations", ok: false, detail: `not applied: ${missing.join(", ")} (run npm run db:migrate)` };
}

function checkExecutor(status: ExecutorStatus): Check {
  switch (status) {
    case "running":
      return { name: "executor", ok: true, detail: "running" };
    case "off":
      return { name: "executor", ok: true, detail: "off in this process (SWITCHYARD_ENGINE=off)" };
    case "starting":
      return { name: "executor", ok: false, detail: "starting (resuming interrupted runs)" };
    case "failed":
      return { name: "executor", ok: false, detail: "could not start; see the server log" };
    case "stopped":
      return { name: "executor", ok: false, detail: "not running" };
  }
}
