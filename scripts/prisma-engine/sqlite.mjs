/**
 * SQLite side of the shim: the driver adapter factory handed to the wasm
 * engine, and the file operations the native engine performs itself
 * (create, drop, reset of a database file).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { EngineError, noteWorkaround } from "./errors.mjs";
import { sqlitePath } from "./datasource.mjs";

/** A database file plus its journal side files. */
const SIDE_FILES = ["", "-wal", "-shm", "-journal"];

const SQLITE_CANTOPEN = 14;

/**
 * A connection that opens the database file on first use. The wasm engine
 * connects to the main database as soon as it starts, even for commands that
 * never touch it (`migrate diff --from-migrations --to-schema`); opening
 * lazily keeps those from creating an empty database file (or failing when
 * its folder does not exist).
 *
 * Bug 4 is fixed here too: better-sqlite3 prepares one statement at a time,
 * so `executeRaw` rejects multi-statement SQL ("more than one statement")
 * that the engine sends when it replays migrations on the shadow database.
 * Parameterless SQL runs as a script instead.
 */
class LazySqliteAdapter {
  provider = "sqlite";
  adapterName = "@prisma/adapter-better-sqlite3";

  /**
   * @param {string} file database path or ":memory:"
   * @param {(adapter: LazySqliteAdapter) => void} onDispose
   */
  constructor(file, onDispose) {
    this.file = file;
    this.onDispose = onDispose;
    this.real = undefined;
  }

  /** The underlying adapter; open errors keep their message for the CLI. */
  async #open() {
    if (this.real) return this.real;
    try {
      this.real = await new PrismaBetterSqlite3({ url: this.file }).connect();
    } catch (error) {
      const message = `Unable to open the database file at \`${this.file}\`: ${error.message}`;
      throw new DriverAdapterError({ kind: "sqlite", extendedCode: SQLITE_CANTOPEN, message });
    }
    return this.real;
  }

  async queryRaw(query) {
    return (await this.#open()).queryRaw(query);
  }

  async executeRaw(query) {
    const real = await this.#open();
    try {
      return await real.executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !/more than one statement/i.test(error?.message ?? "")) throw error;
      noteWorkaround(4, "multi-statement executeRaw run as a script");
      await real.executeScript(query.sql);
      return 0;
    }
  }

  async executeScript(script) {
    return (await this.#open()).executeScript(script);
  }

  async startTransaction(isolationLevel) {
    return (await this.#open()).startTransaction(isolationLevel);
  }

  async dispose() {
    this.onDispose(this);
    const real = this.real;
    this.real = undefined;
    await real?.dispose();
  }
}

/** The native engine's `_prisma_migrations` table for SQLite. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

/**
 * The adapter factory for the wasm engine. Keeps track of open connections
 * so that `reset` can close them before deleting the file.
 */
export class SqliteFactory {
  provider = "sqlite";
  adapterName = "@prisma/adapter-better-sqlite3";

  /** @param {{url: string, shadowDatabaseUrl?: string}} datasource */
  constructor(datasource) {
    this.file = sqlitePath(datasource.url);
    this.shadowFile = datasource.shadowDatabaseUrl ? sqlitePath(datasource.shadowDatabaseUrl) : ":memory:";
    if (this.shadowFile !== ":memory:" && this.shadowFile === this.file) {
      throw new EngineError("P3014", "The shadow database you configured is the same as the main database.");
    }
    this.open = new Set();
  }

  /** A (lazy) adapter on `file`, remembered until it is disposed. */
  #openAdapter(file) {
    const adapter = new LazySqliteAdapter(file, (closed) => this.open.delete(closed));
    this.open.add(adapter);
    return Promise.resolve(adapter);
  }

  connect() {
    return this.#openAdapter(this.file);
  }

  /** In memory by default; a configured shadow file is wiped first. */
  connectToShadowDb() {
    if (this.shadowFile !== ":memory:") deleteDatabaseFiles(this.shadowFile);
    return this.#openAdapter(this.shadowFile);
  }

  /**
   * Runs fn(adapter) on the engine's own connection to the main database: the
   * engine holds an exclusive lock (locking_mode=EXCLUSIVE), so a second
   * connection would get "database is locked". Opens a temporary connection
   * when the engine has none.
   */
  async withMainConnection(fn) {
    const engineAdapter = [...this.open].find((adapter) => adapter.file === this.file);
    const adapter = engineAdapter ?? (await this.connect());
    try {
      return await fn(adapter);
    } finally {
      if (!engineAdapter) await adapter.dispose();
    }
  }

  /** True when the main database has no tables or views of its own. */
  isEmpty() {
    return this.withMainConnection(async (adapter) => {
      const sql = "SELECT count(*) FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'";
      const { rows } = await adapter.queryRaw({ sql, args: [], argTypes: [] });
      return Number(rows[0][0]) === 0;
    });
  }

  /**
   * Creates `_prisma_migrations` in a non-empty database (baselining with
   * `migrate resolve --applied`), where the wasm engine refuses to (P3005).
   */
  createMigrationsTable() {
    return this.withMainConnection((adapter) => adapter.executeScript(MIGRATIONS_TABLE));
  }

  /** Closes every connection still open (before a reset or at exit). */
  async closeAll() {
    for (const adapter of [...this.open]) await adapter.dispose().catch(() => {});
  }
}

/** Deletes a database file and its -wal/-shm/-journal files. */
export function deleteDatabaseFiles(file) {
  for (const suffix of SIDE_FILES) rmSync(file + suffix, { force: true });
}

/** `cli can-connect-to-database`: P1003 when the file does not exist. */
export function canConnectSqlite(url) {
  const file = sqlitePath(url);
  if (file !== ":memory:" && !existsSync(file)) {
    throw new EngineError("P1003", `Database \`${path.basename(file)}\` does not exist at \`${file}\`.`, {
      database_file_name: path.basename(file),
      database_file_path: file,
    });
  }
  new Database(file, { fileMustExist: file !== ":memory:" }).close();
}

/** `cli create-database`: creates the folder and an empty database file. */
export function createSqlite(url) {
  const file = sqlitePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  new Database(file).close();
  return path.basename(file);
}

/** `cli drop-database`: deletes the file (native engine behaviour). */
export function dropSqlite(url) {
  deleteDatabaseFiles(sqlitePath(url));
}
