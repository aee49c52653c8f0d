/**
 * Real databases for integration tests: a fresh SQLite file per suite, and a
 * fresh PostgreSQL database (created on TEST_POSTGRES_URL's server, dropped
 * afterwards) when TEST_POSTGRES_URL is set.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
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

/**
 * A new database on the TEST_POSTGRES_URL server (empty, or a copy of `template`); returns its URL and a drop function.
 */
export async function createScratchPostgres(
  prefix = "switchyard_test",
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * The migrated PostgreSQL template the suites' databases are cloned from (`CREATE DATABASE ... TEMPLATE`): 0.3 s per
 * database instead of creating one and running every migration on it (3 s at load 23; docs/performance.md). Named by a
 * hash of the migrations, so an edited or added migration gets a new template; shared by test processes and runs (built
 * once under an advisory lock, under a temporary name, renamed when complete: no process clones a half-migrated one).
 * Templates stay on the test server, a few MB each; nothing connects to them after they are built.
 */
let postgresTemplate: Promise<string> | null = null;
function migratedPostgresTemplate(): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `switchyard_template_${migrationsHash()}`;
    await withAdmin(async (admin) => {
      await admin.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
      try {
        const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (found.rowCount) return;
        const building = await createScratchPostgres(`${name}_building`);
        try {
          await migrate(building.url);
          await admin.query(`ALTER DATABASE "${new URL(building.url).pathname.slice(1)}" RENAME TO "${name}"`);
        } catch (err) {
          await building.drop();
          throw err;
        }
      } finally {
        await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
      }
    });
    return name;
  })();
  return postgresTemplate;
}

function migrationsHash(): string {
  const dir = path.resolve(import.meta.dirname, "../../prisma/postgresql/migrations");
  const hash = createHash("sha256");
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(dir, entry);
    if (statSync(file).isFile()) hash.update(entry).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

async function withAdmin<T>(f: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    return await f(admin);
  } finally {
    await admin.end();
  }
}

async function createPostgres(): Promise<TestDatabase> {
  const scratch = await createScratchPostgres("switchyard_test", await migratedPostgresTemplate());
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
