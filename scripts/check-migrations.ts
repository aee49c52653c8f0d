/**
 * Fails when a provider's migrations do not produce its Prisma schema, i.e.
 * someone changed prisma/models.prisma without creating migrations:
 *
 *   prisma migrate diff --from-migrations prisma/<p>/migrations --to-schema prisma/<p>/schema.prisma --exit-code
 *
 * (exit 0 = in sync, 2 = drift, anything else = the check itself failed).
 * SQLite is always checked (the migrations are replayed in memory). PostgreSQL
 * is checked when TEST_POSTGRES_URL is set: the schema engine shim creates
 * its shadow database on that server and drops it afterwards.
 *
 *   node scripts/check-migrations.mjs       # exit 1 on drift or error
 *   npx tsx scripts/check-migrations.ts     # the same
 *
 * The integration suite imports checkMigrations() / assertMigrationsInSync()
 * from this file.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type MigrationProvider = "sqlite" | "postgresql";

export interface MigrationCheck {
  provider: MigrationProvider;
  /** ok: in sync; drift: models changed without a migration; skipped: no server; error: the check failed. */
  status: "ok" | "drift" | "skipped" | "error";
  /** One human-readable paragraph (what is wrong and the command that fixes it). */
  message: string;
  /** The Prisma CLI's output (the schema difference for drift). */
  output: string;
}

export interface CheckOptions {
  /** Project root (default: the folder above scripts/). */
  root?: string;
  /** PostgreSQL server to use (default: TEST_POSTGRES_URL); PostgreSQL is skipped without one. */
  postgresUrl?: string | undefined;
  /** Providers to check (default: both). */
  providers?: MigrationProvider[];
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The command a developer runs to create the missing migration. */
export function fixCommand(provider: MigrationProvider): string {
  const url = provider === "sqlite" ? "file:./data/switchyard.db" : "postgresql://USER@HOST:5432/DATABASE";
  return `DATABASE_URL=${url} npx prisma migrate dev --name <change>`;
}

/** Runs `prisma migrate diff ... --exit-code` for one provider with DATABASE_URL set. */
function runDiff(root: string, provider: MigrationProvider, databaseUrl: string): Promise<{ code: number; output: string }> {
  const prisma = createRequire(path.join(root, "package.json")).resolve("prisma/build/index.js");
  const args = [prisma, "migrate", "diff"];
  args.push(
    "--from-migrations",
    `prisma/${provider}/migrations`,
    "--to-schema",
    `prisma/${provider}/schema.prisma`,
    "--exit-code",
  );
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" };
  delete env.SHADOW_DATABASE_URL; // the shim makes its own shadow database
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ code: 1, output: output + error.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Drops Prisma's "Loaded Prisma config" chatter from the output. */
const tidy = (output: string) =>
  output
    .split("\n")
    .filter((line) => !/^Loaded Prisma config|^npm warn/.test(line))
    .join("\n")
    .trim();

/** Checks one provider; `databaseUrl` only selects the provider and its server. */
async function checkProvider(root: string, provider: MigrationProvider, databaseUrl: string): Promise<MigrationCheck> {
  const { code, output } = await runDiff(root, provider, databaseUrl);
  const folder = `prisma/${provider}/migrations`;
  if (code === 0)
    return { provider, status: "ok", message: `${provider}: ${folder} is in sync with the models.`, output: tidy(output) };
  if (code === 2) {
    return {
      provider,
      status: "drift",
      message:
        `${provider}: the models (prisma/models.prisma) changed but ${folder} has no migration for it.\n` +
        `  Create one with: ${fixCommand(provider)}`,
      output: tidy(output),
    };
  }
  return {
    provider,
    status: "error",
    message: `${provider}: the migration check failed (prisma exit code ${code}).`,
    output: tidy(output),
  };
}

/** SQLite: the engine replays the migrations in memory; a temporary URL keeps data/ untouched. */
async function checkSqlite(root: string): Promise<MigrationCheck> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-migcheck-"));
  try {
    return await checkProvider(root, "sqlite", `file:${path.join(dir, "check.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks every provider (in parallel) and returns one result per provider. */
export async function checkMigrations(options: CheckOptions = {}): Promise<MigrationCheck[]> {
  const root = options.root ?? ROOT;
  const postgresUrl = "postgresUrl" in options ? options.postgresUrl : process.env.TEST_POSTGRES_URL;
  const providers = options.providers ?? ["sqlite", "postgresql"];
  return Promise.all(
    providers.map((provider): Promise<MigrationCheck> => {
      if (provider === "sqlite") return checkSqlite(root);
      if (postgresUrl) return checkProvider(root, "postgresql", postgresUrl);
      const message = "postgresql: skipped (set TEST_POSTGRES_URL to a PostgreSQL server to check it).";
      return Promise.resolve({ provider, status: "skipped", message, output: "" });
    }),
  );
}

/** A report of the results, details included for failures. */
export function formatReport(results: MigrationCheck[]): string {
  return results
    .map((r) => (r.status === "drift" || r.status === "error" ? `${r.message}\n\n${indent(r.output)}\n` : r.message))
    .join("\n");
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

/** Throws with the report when any provider drifted or could not be checked. */
export async function assertMigrationsInSync(options: CheckOptions = {}): Promise<MigrationCheck[]> {
  const results = await checkMigrations(options);
  if (results.some((r) => r.status === "drift" || r.status === "error")) throw new Error(formatReport(results));
  return results;
}

/** CLI: prints the report; returns the exit code (1 on drift or error). */
export async function main(): Promise<number> {
  const results = await checkMigrations();
  const failed = results.some((r) => r.status === "drift" || r.status === "error");
  (failed ? console.error : console.log)(formatReport(results));
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
