/**
 * A TypeScript script that tests start as a process (an MCP server fixture), bundled with esbuild into one JavaScript
 * file: `node file.mjs` runs the same code as `node --import tsx file.ts`, without the tsx loader resolving and
 * transforming a few hundred modules at every start (about 1 s of CPU per start; the integration suite started the
 * fidelity fixture ~45 times, docs/performance.md, session 11). Packages stay external and resolve from node_modules
 * (the file is written under node_modules/.cache). Built once per process; the file is named by its content's hash,
 * so test processes share it and an edited fixture gets a new file.
 */
import { buildSync, type BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "switchyard-test", "scripts");
const STALE_MS = 24 * 3600_000;
// CommonJS packages imported from an ESM bundle need these.
export const ESM_BANNER = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
].join("\n");

/** How the project's own code is bundled for a test process: one ESM file for Node 20, packages left to node_modules. */
export const NODE_BUNDLE = {
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(ROOT, "tsconfig.json"),
  banner: { js: ESM_BANNER },
  logLevel: "warning",
} as const satisfies BuildOptions;

const built = new Map<string, string>();

/** The bundled file of the script `entry` (an absolute path to a .ts file), built on first use in this process. */
export function scriptBundle(entry: string): string {
  let file = built.get(entry);
  if (!file) {
    file = writeBundle(entry);
    built.set(entry, file);
  }
  return file;
}

/** `node` arguments that run `script`: its bundle for TypeScript, the file itself for JavaScript. */
export function scriptArgs(script: string): string[] {
  return script.endsWith(".ts") ? [scriptBundle(script)] : [script];
}

function writeBundle(entry: string): string {
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    write: false,
    outdir: CACHE,
    ...NODE_BUNDLE,
  });
  const contents = outputFiles[0]!.contents;
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 16);
  const file = path.join(CACHE, `${path.basename(entry, ".ts")}-${hash}.mjs`);
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  removeStale();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
  return file;
}

/** Bundles not used for a day (older fixtures) go. */
function removeStale(): void {
  for (const name of readdirSync(CACHE)) {
    const p = path.join(CACHE, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > STALE_MS) rmSync(p, { force: true });
    } catch {
      // Another test process renamed or removed it meanwhile.
    }
  }
}
