/**
 * Real databases for integration tests: a fresh SQLite file per suite, and a
 * fresh PostgreSQL database (created on TEST_POSTGRES_URL's server, dropped
 * afterwards) when TEST_POSTGRES_URL is set.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../db/migrate";
import { createDb, type Db } from "../db/client";

export interface TestDatabase {
  provider: "sqlite" | "postgresql";
  url: string;
  db: Db;
  dispose(): Promise<void>;
}

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/** The providers the integration suites run on here. */
export const PROVIDERS: ("sqlite" | "postgresql")[] = POSTGRES_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export async function createTestDatabase(provider: "sqlite" | "postgresql"): Promise<TestDatabase> {
  return provider === "sqlite" ? createSqlite() : createPostgres();
}

/**
 * One migrated SQLite file per test process, copied for each suite: the migrations (one transaction and fsync each)
 * run once per process instead of once per database. Closed after migrating, so the copy is the whole database.
 */
let template: Promise<string> | null = null;
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-template-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "template.db");
    await migrate(`file:${file}`);
    return file;
  })();
  return template;
}

async function createSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(await migratedTemplate(), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    provider: "sqlite",
    url,
    db,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new empty database on the TEST_POSTGRES_URL server; returns its URL and a drop function. */
export async function createScratchPostgres(prefix = "switchyard_test"): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const scratch = await createScratchPostgres();
  await migrate(scratch.url);
  const db = createDb(scratch.url);
  return {
    provider: "postgresql",
    url: scratch.url,
    db,
    async dispose() {
      await db.$disconnect();
      await scratch.drop();
    },
  };
}
