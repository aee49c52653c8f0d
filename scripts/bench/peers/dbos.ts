/**
 * DBOS Transact as the peer of bench:e2e and bench:engine: installed once into a scratch folder outside the project
 * (~/.cache/switchyard-bench; a peer, never a dependency), run in its own process (peers/dbos-peer.mjs) on a scratch
 * PostgreSQL database created and dropped here: a chain of `steps` steps, each one call of the same stdio no-op MCP
 * tool, `concurrency` workflows in flight, then `soloRuns` one at a time with each step timed.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const DBOS_VERSION = "5.3.0";
const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface DbosFigures {
  stepsPerSecond: number;
  seconds: number;
  /** One run at a time, per step: DBOS.runStep's wall ms and the MCP call's ms inside it. */
  solo: { wall: number; call: number }[];
}

/** The path of @dbos-inc/dbos-sdk, installing it into the scratch folder on first use. */
export function dbosModule(): string {
  const dir = path.join(os.homedir(), ".cache", "switchyard-bench", `dbos-${DBOS_VERSION}`);
  const manifest = path.join(dir, "package.json");
  if (!existsSync(path.join(dir, "node_modules", "@dbos-inc", "dbos-sdk"))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(manifest, JSON.stringify({ name: "switchyard-bench-peer", private: true }));
    console.log(`Installing DBOS Transact ${DBOS_VERSION} into ${dir} (once)…`);
    const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", `@dbos-inc/dbos-sdk@${DBOS_VERSION}`], {
      cwd: dir,
      stdio: "inherit",
    });
    if (npm.status !== 0) throw new Error("could not install DBOS Transact");
  }
  return createRequire(manifest).resolve("@dbos-inc/dbos-sdk");
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Runs the peer process to its end; its last stdout line is the JSON of its figures. */
function runPeer(env: Record<string, string>, onStart?: (pid: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const peer = spawn(process.execPath, ["--import", "tsx", "scripts/bench/peers/dbos-peer.mjs"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (peer.pid !== undefined) onStart?.(peer.pid);
    let out = "";
    peer.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    peer.once("error", reject);
    peer.once("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(line);
      else reject(new Error(`the DBOS run failed (exit ${code}): ${out.slice(-2000)}`));
    });
  });
}

/** DBOS on a scratch database of the PostgreSQL server at `adminUrl` (dropped after, even on failure). */
export async function runDbos(
  adminUrl: string,
  o: { runs: number; steps: number; concurrency: number; soloRuns?: number; onStart?: (pid: number) => void },
): Promise<DbosFigures> {
  const module = dbosModule();
  const name = `switchyard_bench_dbos_${randomBytes(4).toString("hex")}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const line = await runPeer(
      {
        DBOS_MODULE: module,
        DBOS_SYSTEM_DATABASE_URL: url.toString(),
        RUNS: String(o.runs),
        STEPS: String(o.steps),
        CONCURRENCY: String(o.concurrency),
        SOLO_RUNS: String(o.soloRuns ?? 0),
      },
      o.onStart,
    );
    const parsed = JSON.parse(line) as { stepsPerSecond: number; seconds: number; solo: [number, number][] };
    return {
      stepsPerSecond: parsed.stepsPerSecond,
      seconds: parsed.seconds,
      solo: parsed.solo.map(([wall, call]) => ({ wall, call })),
    };
  } finally {
    await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
