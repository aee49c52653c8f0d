/**
 * The demo MCP servers (examples/mcp-servers/*.ts) as one JavaScript file each, bundled with esbuild, so each server a
 * test starts is a plain `node file.mjs`: the same code over the same stdio or HTTP transport, but without the tsx
 * loader resolving and transforming a few hundred modules at every start (measured: 0.4 s of CPU per start instead of
 * 1.6 s; a demoWorld starts up to five, the servers' own tests about thirty). Used by the servers' tests
 * (./testing.ts) and server/test/demo-setup.ts; the app's demo seed still starts them with tsx. better-sqlite3 (native) stays external, so the bundles are written under
 * node_modules/.cache, where it resolves. The directory is named by a hash of the servers' sources: test processes
 * share it (each bundle is written to a temporary name and renamed), and a change of the sources builds a new one.
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ESM_BANNER } from "@/server/test/script-bundle";

const SOURCES = path.resolve(import.meta.dirname, "..");
const ROOT = path.resolve(SOURCES, "../..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "switchyard-test");
const STALE_MS = 24 * 3600_000;

let dir: string | null = null;
const bundles = new Map<string, Promise<string>>();

function sourcesHash(): string {
  const hash = createHash("sha256");
  const files = readdirSync(SOURCES, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  for (const f of files) hash.update(f).update(readFileSync(path.join(SOURCES, f)));
  return hash.digest("hex").slice(0, 16);
}

function outDir(): string {
  if (dir) return dir;
  const name = `demo-servers-${sourcesHash()}`;
  mkdirSync(path.join(CACHE, name), { recursive: true });
  // Bundles of older sources, untouched for a day, go.
  for (const other of readdirSync(CACHE)) {
    const p = path.join(CACHE, other);
    if (other !== name && Date.now() - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
  }
  dir = path.join(CACHE, name);
  return dir;
}

/** The path of the bundled demo server `name` (crm, docs, email, orders, ticketing), built on first use. */
export function demoServerBundle(name: string): Promise<string> {
  let bundle = bundles.get(name);
  if (!bundle) {
    const outfile = path.join(outDir(), `${name}.mjs`);
    const temporary = `${outfile}.${process.pid}.tmp`;
    bundle = existsSync(outfile)
      ? Promise.resolve(outfile)
      : build({
          entryPoints: [path.join(SOURCES, `${name}.ts`)],
          outfile: temporary,
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          external: ["better-sqlite3"],
          banner: { js: ESM_BANNER },
          logLevel: "warning",
        }).then(() => {
          renameSync(temporary, outfile);
          return outfile;
        });
    bundles.set(name, bundle);
  }
  return bundle;
}
