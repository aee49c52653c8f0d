/**
 * `npm run worker` (scripts/worker.ts) for tests that start worker processes (crash tests, several workers on one
 * database): the project's own sources bundled into one file with esbuild, the packages left to Node. The same code as
 * `node --import tsx scripts/worker.ts`, without the tsx loader resolving and transforming ~400 modules at every start
 * (the crash tests start dozens; docs/performance.md, "Test suite", session 8). The file is named by the sources' paths,
 * sizes and times, so test processes share it and an edit builds a new one. Workers run with cwd = the repository root,
 * as before (migrations, examples and better-sqlite3 are found from there).
 */
import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { NODE_BUNDLE } from "./script-bundle";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "switchyard-test");
const STALE_MS = 24 * 3600_000;
/** What the worker imports: the sources it is built from (tests excluded). */
const SOURCES = ["server", "lib", path.join("scripts", "worker.ts"), "tsconfig.json", "package.json"];

let bundle: string | null = null;

/** The arguments after `node` that start a worker: its bundle, built on first use. */
export function workerArgs(): string[] {
  bundle ??= buildWorker();
  return [bundle];
}

function buildWorker(): string {
  const name = `worker-${sourcesKey()}`;
  const outfile = path.join(CACHE, name, "worker.mjs");
  if (existsSync(outfile)) return outfile;
  mkdirSync(path.dirname(outfile), { recursive: true });
  for (const other of readdirSync(CACHE)) {
    const p = path.join(CACHE, other);
    if (other.startsWith("worker-") && other !== name && Date.now() - statSync(p).mtimeMs > STALE_MS)
      rmSync(p, { recursive: true, force: true });
  }
  const temporary = `${outfile}.${process.pid}.tmp`;
  buildSync({
    entryPoints: [path.join(ROOT, "scripts", "worker.ts")],
    outfile: temporary,
    ...NODE_BUNDLE,
  });
  renameSync(temporary, outfile);
  return outfile;
}

function sourcesKey(): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const file = path.join(ROOT, relative);
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file).sort()) if (!entry.endsWith(".test.ts")) visit(path.join(relative, entry));
    } else hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const source of SOURCES) visit(source);
  return hash.digest("hex").slice(0, 16);
}
