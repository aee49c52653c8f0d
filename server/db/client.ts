/**
 * The Prisma client, on SQLite (better-sqlite3 adapter) or PostgreSQL (pg
 * adapter) depending on DATABASE_URL. Both generated clients come from the
 * same models, so the SQLite client's type stands for both.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { parseDatabaseUrl, type DbConfig } from "./config";

export type Db = SqliteClient;

/** `sqliteBusyMs`: how long a SQLite statement waits for another writer's lock before failing (10 s). */
export function createDb(urlOrConfig: string | DbConfig, options: { sqliteBusyMs?: number } = {}): Db {
  const config = typeof urlOrConfig === "string" ? parseDatabaseUrl(urlOrConfig) : urlOrConfig;
  if (config.provider === "sqlite") {
    const adapter = new PrismaBetterSqlite3({ url: config.file, timeout: options.sqliteBusyMs ?? 10_000 });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: config.url, max: 10 });
  // Same models, same API: the PostgreSQL client is used through the shared type.
  return new PostgresClient({ adapter }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { switchyardDb?: { url: string; db: Db } };

/**
 * The process-wide client. Kept on globalThis because Next.js may load this
 * module more than once (route handlers, instrumentation, dev reloads).
 */
export function getDb(url: string): Db {
  const cached = globalForDb.switchyardDb;
  if (cached?.url === url) return cached.db;
  const db = createDb(url);
  globalForDb.switchyardDb = { url, db };
  return db;
}
