/**
 * The state store of a demo server: one SQLite file per server under the state
 * directory (WAL mode, so several processes, e.g. a stdio and an HTTP instance,
 * can share it). Every store holds the call log and the idempotency records;
 * each server adds its own tables (refunds, tickets, outbox).
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

export type Store = Database.Database;

/** The default state directory: `DEMO_STATE_DIR`, else ./data/demo-servers (relative to the working directory). */
export function resolveStateDir(stateDir?: string): string {
  return path.resolve(stateDir ?? process.env.DEMO_STATE_DIR ?? "./data/demo-servers");
}

/** The SQLite file of one server. */
export function storePath(stateDir: string, server: string): string {
  return path.join(path.resolve(stateDir), `${server}.sqlite`);
}

const BASE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS call_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    server TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    idempotency_key TEXT,
    request_id TEXT,
    session_id TEXT,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER,
    outcome TEXT,
    detail TEXT,
    executed INTEGER NOT NULL DEFAULT 0,
    replayed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS call_log_tool ON call_log (tool, idempotency_key);
  CREATE TABLE IF NOT EXISTS idempotency (
    tool TEXT NOT NULL,
    key TEXT NOT NULL,
    args_hash TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tool, key)
  );
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

const open = new Map<string, Store>();

/**
 * Opens (once per process) the store of `server` in `stateDir`, creating the
 * directory, the base tables and the server's own `schema` if needed.
 */
export function openStore(stateDir: string, server: string, schema = ""): Store {
  const file = storePath(stateDir, server);
  const cached = open.get(file);
  if (cached) return cached;
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.exec(BASE_SCHEMA + schema);
  open.set(file, db);
  return db;
}

/** Closes every store this process opened (tests and shutdown). */
export function closeStores(): void {
  for (const db of open.values()) db.close();
  open.clear();
}

/**
 * The next readable id of a kind (`RF-1001`, `TCK-1002`...), shared by every
 * process using the store. Call it inside a transaction with the insert.
 */
export function nextId(db: Store, kind: string, prefix: string, first = 1001): string {
  db.prepare("INSERT OR IGNORE INTO counters (name, value) VALUES (?, ?)").run(kind, first - 1);
  const row = db.prepare("UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value").get(kind) as { value: number };
  return `${prefix}-${row.value}`;
}

/** The current time as an ISO string (one place, so all tables agree). */
export const now = (): string => new Date().toISOString();
