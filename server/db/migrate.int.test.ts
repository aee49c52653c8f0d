import { afterEach, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrate, migrationsDir, readMigrations } from "./migrate";
import { POSTGRES_URL, createScratchPostgres } from "../test/databases";

const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A project root holding a copy of the real migrations, to add a broken one to. */
function projectCopy(provider: "sqlite" | "postgresql"): string {
  const root = mkdtempSync(path.join(tmpdir(), "switchyard-migrate-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cpSync(migrationsDir(provider, ROOT), migrationsDir(provider, root), { recursive: true });
  return root;
}

function addBrokenMigration(root: string, provider: "sqlite" | "postgresql"): void {
  const dir = path.join(migrationsDir(provider, root), "99999999999999_broken");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "migration.sql"), `CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nTHIS IS NOT SQL;\n`);
}

describe("migrations on SQLite", () => {
  it("applies every migration to a new database once, recording them as Prisma does", async () => {
    const root = projectCopy("sqlite");
    const file = path.join(root, "data", "app.db");
    const first = await migrate(`file:${file}`, root);
    expect(first.applied).toEqual(readMigrations(migrationsDir("sqlite", ROOT)).map((m) => m.name));
    expect((await migrate(`file:${file}`, root)).applied).toEqual([]);

    const db = new Database(file);
    const rows = db.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as {
      checksum: string;
      finished_at: string;
    }[];
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    db.close();
    expect(rows).toHaveLength(first.applied.length);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(tables).toEqual(expect.arrayContaining(["Workflow", "WorkflowVersion", "AppSetting"]));
  });

  it("rolls a failing migration back entirely and says which one failed", async () => {
    const root = projectCopy("sqlite");
    const file = path.join(root, "app.db");
    await migrate(`file:${file}`, root);
    addBrokenMigration(root, "sqlite");
    await expect(migrate(`file:${file}`, root)).rejects.toThrow(
      /Migration "99999999999999_broken" failed and was rolled back: .*syntax error/,
    );
    const db = new Database(file);
    const half = db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'Half'`).pluck().get();
    const recorded = db.prepare(`SELECT count(*) FROM "_prisma_migrations" WHERE migration_name LIKE '%broken'`).pluck().get();
    db.close();
    expect([half, recorded]).toEqual([0, 0]);
  });
});

describe.runIf(POSTGRES_URL)("migrations on PostgreSQL", () => {
  it("applies every migration once and rolls a failing one back entirely", async () => {
    const scratch = await createScratchPostgres("switchyard_migrate");
    cleanups.push(() => scratch.drop());
    const root = projectCopy("postgresql");
    const first = await migrate(scratch.url, root);
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await migrate(scratch.url, root)).applied).toEqual([]);

    addBrokenMigration(root, "postgresql");
    await expect(migrate(scratch.url, root)).rejects.toThrow(/Migration "99999999999999_broken" failed and was rolled back/);
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const { rows } = await client.query<{ half: string | null }>(`SELECT to_regclass('"Half"')::text AS half`);
    await client.end();
    expect(rows[0]?.half).toBeNull();
  });

  it("explains an unreachable server", async () => {
    await expect(migrate("postgresql://nobody@127.0.0.1:1/none", ROOT)).rejects.toThrow(
      /Cannot connect to PostgreSQL at postgresql:\/\/nobody@127\.0\.0\.1:1\/none/,
    );
  });
});
