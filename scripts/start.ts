/**
 * `npm start`: builds the app if needed, applies pending migrations, seeds the
 * demo on first start, then serves on HOST:PORT (127.0.0.1:3000 by default).
 * `--dev` runs the Next.js dev server instead of building. The server process is scripts/front/serve.ts (Next.js
 * behind a small Node server for the hot API routes), or `next start` with SWITCHYARD_FRONT=off.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { bindingProblem, getEnv, type Env } from "../server/env";
import { ensureAdminFromEnv } from "../server/auth/users";
import { migrate } from "../server/db/migrate";
import { createDb } from "../server/db/client";
import { seedDemo } from "../server/services/demo/demo-seed";
import { getSecretBox } from "../server/security/secrets";
import { checkServer } from "../server/services/servers/servers";
import { McpConnectionManager } from "../server/mcp/manager";
import { parseDatabaseUrl, redactUrl } from "../server/db/config";
import { startDemoModelServer } from "./demo-model-server";
import { buildIfNeeded } from "./build-app";

const dev = process.argv.includes("--dev");
const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
const FRONT_SCRIPT = path.resolve("scripts/front/serve.ts");

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const env = getEnv();
  const refusal = bindingProblem(env);
  if (refusal) throw new Error(refusal);
  mkdirSync(env.DATA_DIR, { recursive: true });
  process.env.DATABASE_URL = env.DATABASE_URL;

  if (!dev) await buildIfNeeded();

  const db = parseDatabaseUrl(env.DATABASE_URL);
  const { applied, modified } = await migrate(env.DATABASE_URL);
  const where = db.provider === "sqlite" ? db.file : redactUrl(db.url);
  console.log(applied.length > 0 ? `Database ${where}: applied ${applied.join(", ")}` : `Database ${where}: up to date`);
  for (const name of modified) console.warn(`Warning: migration ${name} was edited after it was applied.`);

  const client = createDb(env.DATABASE_URL);
  let modelServer: Awaited<ReturnType<typeof startDemoModelServer>> = null;
  try {
    const box = getSecretBox(env);
    const { seeded } = env.SEED_DEMO === "true" ? await seedDemo(client, { box, dataDir: env.DATA_DIR }) : { seeded: false };
    if (seeded)
      console.log(
        "Seeded the demo: the “Customer support escalation” and “AI support triage” workflows, five MCP servers and the scripted demo model.",
      );
    if (env.AUTH_MODE === "accounts") {
      const admin = await ensureAdminFromEnv(client, env);
      if (admin) console.log(`Created the first admin, ${admin.email} (from ADMIN_EMAIL).`);
    }
    modelServer = await startDemoModelServer(client);
    console.log(
      env.AUTH_MODE === "accounts" ? "Accounts mode: people sign in." : "Local mode: no sign-in (everyone is the local user).",
    );
  } finally {
    await client.$disconnect();
  }

  const listen = ["--hostname", env.HOST, "--port", String(env.PORT)];
  // The front (scripts/front/serve.ts) answers the hot API routes and hands the rest to Next.js in the same process;
  // SWITCHYARD_FRONT=off runs `next start` alone (bench:e2e compares the two).
  const front = !dev && process.env.SWITCHYARD_FRONT !== "off";
  const args = front ? ["--import", "tsx", FRONT_SCRIPT, ...listen] : [NEXT_BIN, dev ? "dev" : "start", ...listen];
  const server = spawn(process.execPath, args, { stdio: ["inherit", "pipe", "inherit"], env: process.env });
  server.stdout.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (/Ready|started server/i.test(text)) {
      const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
      console.log(`\n  Switchyard is ready: http://${host}:${env.PORT}\n`);
      void loadToolCatalogs(env);
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => {
    modelServer?.kill();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

/** Servers never checked (the freshly seeded demo ones) get their tools listed, in the background. */
async function loadToolCatalogs(env: Env): Promise<void> {
  const db = createDb(env.DATABASE_URL);
  const box = getSecretBox(env);
  const pool = new McpConnectionManager({ resolve: () => Promise.resolve(null) });
  try {
    const unchecked = await db.mcpServer.findMany({ where: { enabled: true, lastCheckedAt: null } });
    const check = (s: (typeof unchecked)[number]) =>
      checkServer({ db, box, pool }, s.id).then(({ result }) => [s.name, result.ok] as const);
    const first = await Promise.all(unchecked.map(check));
    // Servers started all at once on a busy machine may miss the connect timeout: those get one more try, one at a time.
    const results = [...first.filter(([, ok]) => ok)];
    for (const s of unchecked.filter((u) => first.some(([name, ok]) => name === u.name && !ok))) results.push(await check(s));
    const failed = results.filter(([, ok]) => !ok).map(([name]) => name);
    if (results.length > 0)
      console.log(
        `Listed the tools of ${results.length - failed.length} MCP server(s)${failed.length ? `; could not reach ${failed.join(", ")}` : ""}.`,
      );
  } catch (err) {
    console.warn(`Could not list the MCP servers' tools: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`\nSwitchyard could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
