/**
 * bench:engine's world: a scratch database (a temp SQLite file, or a new
 * PostgreSQL database dropped afterwards), the no-op MCP server registered in
 * the registry as demo-setup does (so calls go through the real connection
 * manager), the benchmark's workflows published, and engines as the app
 * builds them (createEngine) or with timing wrappers (see engine-spans.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { SecretBox } from "@/server/security/secrets";
import { createMcpPool } from "@/server/services/servers/mcp-pool";
import { checkServer, createServer } from "@/server/services/servers/servers";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import type { McpConnectionManager } from "@/server/mcp/manager";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { redactUrl } from "@/server/db/config";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const NOOP_SERVER = "noop";
export const NOOP_FIXTURE = path.join(ROOT, "scripts/bench/fixtures/noop-server.ts");

export interface BenchDatabase {
  provider: "sqlite" | "postgresql";
  url: string;
  db: Db;
  /** What was measured, e.g. "SQLite WAL, synchronous=FULL". */
  label: string;
  /** SQLite: the file, and the synchronous setting applied to each connection (null: the driver's default). */
  sqlite?: { file: string; synchronous: "full" | "normal" | null };
  dispose(): Promise<void>;
}

/** A temp SQLite file (WAL, as migrate() sets it); `synchronous` null keeps the driver's default. */
export async function openSqlite(synchronous: "full" | "normal" | null): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  try {
    await migrate(url);
    const db = createDb(url);
    // The adapter holds one better-sqlite3 connection: a PRAGMA set on it stays for every query.
    if (synchronous) await db.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous.toUpperCase()}`);
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] = await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
    const syncName = ["OFF", "NORMAL", "FULL", "EXTRA"][Number(sync?.synchronous)] ?? String(sync?.synchronous);
    return {
      provider: "sqlite",
      url,
      db,
      sqlite: { file: path.join(dir, "bench.db"), synchronous },
      label: `SQLite ${String(mode?.journal_mode).toUpperCase()}, synchronous=${syncName}${synchronous ? "" : " (driver default)"}`,
      async dispose() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A new database on the server of `adminUrl`, migrated; dropped (WITH FORCE) on dispose. */
export async function openPostgres(adminUrl: string, onCreated: (drop: () => Promise<void>) => void): Promise<BenchDatabase> {
  const name = `switchyard_bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const drop = async () => void (await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  onCreated(drop);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  const version = await db.$queryRawUnsafe<{ server_version: string }[]>("SHOW server_version");
  const sync = await db.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit");
  return {
    provider: "postgresql",
    url: url.toString(),
    db,
    label: `PostgreSQL ${version[0]?.server_version.split(" ")[0] ?? "?"}, synchronous_commit=${sync[0]?.synchronous_commit ?? "?"} (${redactUrl(adminUrl).replace(/\/[^/]*$/, "/")}${name})`,
    async dispose() {
      await db.$disconnect();
      await drop();
    },
  };
}

export interface Published {
  workflowId: string;
  versionId: string;
}

export interface World {
  db: Db;
  pool: McpConnectionManager;
  chain: Published;
  human: Published;
  steps: number;
  /** The no-op server's process id (killed on exit if it is still there). */
  serverPid: number | null;
}

/** A row of `steps` no-op tool steps, each keeping its ~1 KB result as $last, then succeed. */
export function chainDefinition(steps: number): WorkflowDefinition {
  const states: Record<string, unknown> = {};
  for (let i = 1; i <= steps; i++) {
    states[`s${i}`] = {
      type: "tool",
      server: NOOP_SERVER,
      tool: "noop",
      input: { n: i },
      assign: { last: "{% $result %}" },
      next: i === steps ? "done" : `s${i + 1}`,
    };
  }
  states.done = { type: "succeed" };
  return { schemaVersion: 1, name: `bench chain of ${steps}`, startAt: "s1", states } as unknown as WorkflowDefinition;
}

/** A person decides, then one no-op tool step, then succeed. */
export function humanDefinition(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: "bench escalation",
    startAt: "review",
    states: {
      review: { type: "human", title: "Review", options: [{ id: "go", label: "Go on", next: "after" }] },
      after: { type: "tool", server: NOOP_SERVER, tool: "noop", input: { n: 0 }, next: "done" },
      done: { type: "succeed" },
    },
  } as unknown as WorkflowDefinition;
}

async function publish(db: Db, definition: WorkflowDefinition): Promise<Published> {
  const { id } = await createWorkflow(db, { name: definition.name, definition });
  const { versionId } = await publishWorkflow(db, { id });
  return { workflowId: id, versionId };
}

/** Registers the no-op server (stdio, `node --import tsx` the fixture), lists its tools, publishes the workflows. */
export async function buildWorld(db: Db, steps: number): Promise<World> {
  const box = new SecretBox(randomBytes(32));
  const pool = createMcpPool(db, box);
  const deps = { db, box, pool };
  const { id } = await createServer(deps, {
    name: NOOP_SERVER,
    config: {
      transport: "stdio",
      command: process.execPath,
      args: ["--import", "tsx", NOOP_FIXTURE],
      env: {},
      cwd: ROOT,
    },
  });
  // The catalog holds the annotations (read-only, idempotent) the executor reads.
  const { result } = await checkServer(deps, id);
  if (!result.ok) throw new Error(`the no-op MCP server did not start: ${JSON.stringify(result.error)}`);
  const connection = await pool.connection(NOOP_SERVER);
  await connection.ensure();
  return {
    db,
    pool,
    chain: await publish(db, chainDefinition(steps)),
    human: await publish(db, humanDefinition()),
    steps,
    serverPid: connection.info?.pid ?? null,
  };
}
