/**
 * The demo MCP servers (examples/mcp-servers/*.ts) as one JavaScript file each, bundled once per test process with
 * esbuild, so each server a test starts is a plain `node file.mjs`: the same code over the same stdio transport, but
 * without the tsx loader resolving and transforming a few hundred modules at every start (measured: 0.4 s of CPU per
 * start instead of 1.6 s; a demoWorld starts five). better-sqlite3 (native) stays external, so the bundles are written
 * under node_modules/.cache, where it resolves; removed when the process exits.
 */
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
// CommonJS dependencies in an ESM bundle need these.
const BANNER = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join("\n");

let dir: string | null = null;
const bundles = new Map<string, Promise<string>>();

function outDir(): string {
  if (dir) return dir;
  const base = path.join(ROOT, "node_modules", ".cache", "switchyard-test");
  mkdirSync(base, { recursive: true });
  const created = mkdtempSync(path.join(base, "demo-servers-"));
  process.once("exit", () => rmSync(created, { recursive: true, force: true }));
  dir = created;
  return created;
}

/** The path of the bundled demo server `name` (crm, docs, email, orders, ticketing), built on first use. */
export function demoServerBundle(name: string): Promise<string> {
  let bundle = bundles.get(name);
  if (!bundle) {
    const outfile = path.join(outDir(), `${name}.mjs`);
    bundle = build({
      entryPoints: [path.join(ROOT, "examples", "mcp-servers", `${name}.ts`)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      external: ["better-sqlite3"],
      banner: { js: BANNER },
      logLevel: "warning",
    }).then(() => outfile);
    bundles.set(name, bundle);
  }
  return bundle;
}
