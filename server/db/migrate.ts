/**
 * Applies pending migrations from prisma/<provider>/migrations at start-up.
 *
 * Compatible with Prisma's own bookkeeping: it writes the `_prisma_migrations`
 * table exactly as `prisma migrate deploy` does (checksum = sha256 of
 * migration.sql), so the Prisma CLI and this runner can be used on the same
 * database. Each migration is applied in one transaction with its bookkeeping
 * row: a failure leaves the database as it was.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl, redactUrl, type DbConfig } from "./config";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  /** Applied migrations whose file changed afterwards (reported, not fatal). */
  modified: string[];
}

export function migrationsDir(provider: DbConfig["provider"], root = process.cwd()): string {
  return path.join(root, "prisma", provider, "migrations");
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export async function migrate(url: string, root = process.cwd()): Promise<MigrateResult> {
  const config = parseDatabaseUrl(url);
  const migrations = readMigrations(migrationsDir(config.provider, root));
  if (migrations.length === 0) throw new Error(`No migrations found in ${migrationsDir(config.provider, root)}`);
  return config.provider === "sqlite" ? migrateSqlite(config.file, migrations) : migratePostgres(config.url, migrations);
}

function plan(migrations: Migration[], rows: AppliedRow[]): { pending: Migration[]; modified: string[] } {
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `Migration "${failed.migration_name}" failed earlier and was left half-applied. ` +
        `Fix the database, then mark it with: npx prisma migrate resolve --rolled-back "${failed.migration_name}"`,
    );
  }
  const done = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
  const modified = migrations.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name);
  return { pending: migrations.filter((m) => !done.has(m.name)), modified };
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function migrateSqlite(file: string, migrations: Migration[]): MigrateResult {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    const rows = db
      .prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`)
      .all() as AppliedRow[];
    const { pending, modified } = plan(migrations, rows);
    const insert = db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES (?, ?, datetime('now'), ?, datetime('now'), 1)`,
    );
    for (const m of pending) {
      try {
        db.transaction(() => {
          db.exec(m.sql);
          insert.run(randomUUID(), m.checksum, m.name);
        }).immediate();
      } catch (err) {
        throw new Error(`Migration "${m.name}" failed and was rolled back: ${(err as Error).message}`, { cause: err });
      }
    }
    return { applied: pending.map((m) => m.name), modified };
  } finally {
    db.close();
  }
}

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The advisory lock Prisma's own migrate commands take, so both exclude each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(POSTGRES_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const { pending, modified } = plan(migrations, rows);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration "${m.name}" failed and was rolled back: ${(err as Error).message}`, { cause: err });
      }
    }
    return { applied: pending.map((m) => m.name), modified };
  } finally {
    await client.end();
  }
}
