/**
 * The run store for a DATABASE_URL: the hot path on the database's own driver
 * (better-sqlite3 for file:, pg for postgresql:), with PrismaRunStore for the
 * cold paths.
 */
import type { Db } from "./client";
import { parseDatabaseUrl } from "./config";
import { PrismaRunStore } from "./run-store";
import { BatchedRunStore, type BatchedStoreOptions } from "./run-store-batched";
import { sqliteDriver, type SqliteSynchronous } from "./run-store-sqlite";
import { pgDriver } from "./run-store-pg";

export interface RunStoreSettings extends BatchedStoreOptions {
  /** SQLite durability of a commit: FULL (the default; survives a power loss) or NORMAL (survives a crash of the process). */
  sqliteSynchronous?: SqliteSynchronous;
  /** PostgreSQL: batches written at once. */
  pgParallel?: number;
}

export function createRunStore(db: Db, url: string, settings: RunStoreSettings = {}): BatchedRunStore {
  const config = parseDatabaseUrl(url);
  const driver =
    config.provider === "sqlite"
      ? sqliteDriver(config.file, settings.sqliteSynchronous ?? sqliteSynchronousFromEnv())
      : pgDriver(config.url, settings.pgParallel);
  return new BatchedRunStore(driver, new PrismaRunStore(db), settings);
}

/** SWITCHYARD_SQLITE_SYNCHRONOUS=normal trades the last commits on a power loss for throughput (docs/ARCHITECTURE.md). */
function sqliteSynchronousFromEnv(): SqliteSynchronous {
  const value = process.env.SWITCHYARD_SQLITE_SYNCHRONOUS?.toLowerCase();
  if (value === undefined || value === "" || value === "full") return "full";
  if (value === "normal") return "normal";
  throw new Error(`SWITCHYARD_SQLITE_SYNCHRONOUS must be "full" or "normal", got "${value}"`);
}
