/**
 * The run store for a DATABASE_URL: the hot path on the database's own driver
 * (better-sqlite3 for file:, pg for postgresql:), with Prisma for the cold
 * queries (run-cold-queries.ts).
 */
import type { Db } from "./client";
import { parseDatabaseUrl } from "./config";
import { ColdQueries } from "./run-cold-queries";
import { BatchedRunStore, type BatchedStoreOptions } from "./run-store-batched";
import { sqliteDriver, type SqliteSynchronous } from "./run-store-sqlite";
import { pgDriver } from "./run-store-pg";
import { getEnv } from "../env";

export interface RunStoreSettings extends BatchedStoreOptions {
  /** SQLite durability of a commit: FULL (survives a power loss) or NORMAL (survives a crash of the process); SWITCHYARD_SQLITE_SYNCHRONOUS by default. */
  sqliteSynchronous?: SqliteSynchronous;
  /** PostgreSQL: batches written at once. */
  pgParallel?: number;
}

export function createRunStore(db: Db, url: string, settings: RunStoreSettings = {}): BatchedRunStore {
  const config = parseDatabaseUrl(url);
  const driver =
    config.provider === "sqlite"
      ? sqliteDriver(config.file, settings.sqliteSynchronous ?? getEnv().SWITCHYARD_SQLITE_SYNCHRONOUS)
      : pgDriver(config.url, settings.pgParallel);
  return new BatchedRunStore(driver, new ColdQueries(db), settings);
}
