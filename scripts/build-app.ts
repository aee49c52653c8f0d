/**
 * Builds the app (`next build`) when there is no build or a source file is newer than it. `npm start` calls it before
 * serving; `npm test` runs it (`tsx scripts/build-app.ts`) beside the static checks, so the end-to-end journeys' servers
 * find the build ready. Several processes may call it at once (the journeys' three servers): one builds, the others
 * wait for it and then find nothing to do.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

export async function buildIfNeeded(): Promise<void> {
  if (!needsBuild()) return;
  await withBuildLock(() => {
    if (!needsBuild()) return; // Another process built it while we waited.
    console.log("Building the app (first start or sources changed; about a minute)…");
    // A checkout's first build (a fresh clone, CI) does not write Turbopack's build cache: ~15 s of CPU for a cache
    // only a rebuild reads (next.config.js). Once there has been a build, rebuilds write and read it.
    const first = !existsSync(path.resolve(".next/BUILD_ID"));
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(first ? { SWITCHYARD_BUILD_CACHE: "off" } : {}) };
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("The build failed; see the output above.");
  });
}

/**
 * One build at a time when several servers start from the same folder (end-to-end tests). The lock is a directory
 * holding its owner's pid: a lock whose owner is gone (killed mid-build) is taken over instead of waited for.
 */
async function withBuildLock(f: () => void): Promise<void> {
  // Under node_modules, where the linters and formatters never look: they walk the checkout while a build runs.
  const lock = path.resolve("node_modules/.cache/switchyard-build.lock");
  const owner = path.join(lock, "pid");
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch {
      if (ownerGone(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited > 300_000)
        throw new Error(`Waited 5 minutes for another build to finish; remove ${lock} if no build is running`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    f();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The lock's owner has ended (its pid no longer exists). A lock just made, its pid not yet written, is not stale. */
function ownerGone(owner: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(owner, "utf8"));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** A build is needed when there is none, or a source file is newer than it (tests and their helpers are not built). */
function needsBuild(): boolean {
  const marker = path.resolve(".next/BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const sources = [
    "app",
    "components",
    "lib",
    "server",
    "public",
    "instrumentation.ts",
    "next.config.js",
    "package.json",
    "postcss.config.mjs",
  ];
  return sources.some((s) => newerThan(path.resolve(s), built));
}

/** Generated code, hidden files, tests and the tests' helpers (server/test): never part of the app's build. */
function notBuilt(name: string): boolean {
  return name === "generated" || name === "test" || name.startsWith(".") || /\.test\.tsx?$/.test(name);
}

function newerThan(target: string, time: number): boolean {
  if (!existsSync(target)) return false;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  return readdirSync(target).some((name) => !notBuilt(name) && newerThan(path.join(target, name), time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildIfNeeded().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
