#!/usr/bin/env node
/**
 * Generates both Prisma clients (server/db/generated/sqlite and
 * server/db/generated/postgresql). Runs as the package's postinstall, so it
 * must work on a clean checkout (no data/ folder, no DATABASE_URL, no network):
 * - the provider schemas are rendered from prisma/models.prisma when missing;
 * - prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at the wasm shim
 *   (scripts/prisma-schema-engine.mjs), set here as well for safety;
 * - output is captured and shown only when a generation fails (exit 1).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROVIDERS = ["sqlite", "postgresql"];
const require = createRequire(path.join(ROOT, "package.json"));

/** Runs a node script in ROOT; resolves with { code, output }. */
function runNode(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY:
          process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(ROOT, "scripts/prisma-schema-engine.mjs"),
        CHECKPOINT_DISABLE: "1", // no telemetry request: machines may be offline
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? 1, output: signal ? `${output}killed by ${signal}\n` : output }));
  });
}

/** Renders prisma/<provider>/schema.prisma from the models file if one is missing. */
async function ensureSchemas() {
  if (PROVIDERS.every((p) => existsSync(path.join(ROOT, "prisma", p, "schema.prisma")))) return;
  const tsx = require.resolve("tsx/cli");
  const { code, output } = await runNode([tsx, "scripts/prisma-schemas.ts"]);
  if (code !== 0) fail("rendering the provider schemas (scripts/prisma-schemas.ts)", output);
}

/** `prisma generate --schema prisma/<provider>/schema.prisma`. */
function generate(provider) {
  const prisma = require.resolve("prisma/build/index.js");
  return runNode([prisma, "generate", "--schema", `prisma/${provider}/schema.prisma`]);
}

function fail(what, output) {
  process.stderr.write(`\n${output.trimEnd()}\n\nprisma-generate: ${what} failed.\n`);
  process.exit(1);
}

await ensureSchemas();
const results = await Promise.all(PROVIDERS.map(generate));
results.forEach(({ code, output }, i) => {
  if (code !== 0) fail(`prisma generate for ${PROVIDERS[i]} (prisma/${PROVIDERS[i]}/schema.prisma)`, output);
});
console.log(`Prisma clients generated: ${PROVIDERS.join(", ")}.`);
