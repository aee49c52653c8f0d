/**
 * Loads @prisma/schema-engine-wasm on plain Node 20 (no --experimental-wasm-
 * modules): the package's entry imports the .wasm file as an ES module, so we
 * instantiate the module ourselves and hand it to the JS glue.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { logLine } from "./errors.mjs";

const GLUE_URL = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");

let gluePromise;

/** The wasm-bindgen glue module, instantiated once per process. */
function loadGlue() {
  gluePromise ??= (async () => {
    const glue = await import(GLUE_URL);
    const bytes = readFileSync(fileURLToPath(new URL("schema_engine_bg.wasm", GLUE_URL)));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

/**
 * The engine's commit hash, read from the package version
 * ("7.10.0-4.<commit>") without loading the wasm module.
 */
export function engineCommit() {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("package.json", GLUE_URL)), "utf8"));
  return pkg.version.split(".").at(-1);
}

/** Forwards the engine's JSON log lines to stderr (the CLI reads them there). */
function forwardLog(line) {
  if (typeof line === "string" && line.startsWith("{")) process.stderr.write(`${line.trimEnd()}\n`);
  else logLine("INFO", { message: String(line) });
}

/**
 * A new wasm SchemaEngine, and the registry of the JavaScript errors its
 * adapter calls raised (the engine only reports them as "External error id#N").
 * @param {[string, string][]} datamodels [path, content] of each schema file.
 * @param {object} adapterFactory a factory with connect() and connectToShadowDb().
 */
export async function createWasmEngine(datamodels, adapterFactory) {
  const glue = await loadGlue();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await glue.SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, forwardLog, bound);
  return { engine, errorRegistry: bound.errorRegistry };
}
