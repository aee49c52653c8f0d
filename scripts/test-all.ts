/**
 * `npm test`: every check, in order of speed. Static checks, unit tests,
 * integration tests on real databases (SQLite always; PostgreSQL when
 * TEST_POSTGRES_URL is set), the migration drift check, then the Playwright
 * journeys against the real app in Chromium. Stops at the first stage that fails.
 *
 * The checks of one stage run side by side: ESLint, tsc and Prettier are one process on one core each, so on the
 * 2-core machine they take about the time of the longest instead of the sum (their output is printed whole, one
 * after the other, as each finishes). `npm test lint unit` runs only the named checks.
 */
import { spawn } from "node:child_process";

interface Step {
  name: string;
  cmd: [string, ...string[]];
}

const stages: Step[][] = [
  [
    { name: "lint", cmd: ["npx", "eslint", "--max-warnings", "0", "."] },
    { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
    { name: "format", cmd: ["npx", "prettier", "--check", "--log-level", "warn", "."] },
    { name: "prisma schemas", cmd: ["npx", "tsx", "scripts/prisma-schemas.ts", "--check"] },
  ],
  [{ name: "unit", cmd: ["npx", "vitest", "run", "--config", "vitest.unit.config.ts"] }],
  [{ name: "integration", cmd: ["npx", "vitest", "run", "--config", "vitest.integration.config.ts"] }],
  [
    { name: "migration drift", cmd: ["node", "scripts/check-migrations.mjs"] },
    { name: "mcp conformance", cmd: ["node", "tools/conformance/run.mjs"] },
  ],
  [{ name: "end-to-end", cmd: ["npx", "playwright", "test"] }],
];

interface Outcome {
  name: string;
  seconds: number;
  code: number | string;
}

/** Runs one check; alone it writes straight to the terminal, beside others its output is kept and printed at the end. */
function run(step: Step, alone: boolean): Promise<Outcome> {
  const started = Date.now();
  const [bin, ...args] = step.cmd;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.stdout.isTTY ? "1" : "0" };
  if (alone) console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")}`);
  const child = spawn(bin, args, { stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"], env });
  const output: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (!alone) {
        console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")} (${seconds}s, beside the others of its stage)`);
        process.stdout.write(Buffer.concat(output));
      }
      resolve({ name: step.name, seconds, code: code ?? signal ?? "unknown" });
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  if (!process.env.TEST_POSTGRES_URL) {
    console.log("Note: TEST_POSTGRES_URL is not set, so the PostgreSQL integration tests are skipped (SQLite only).");
  }
  const passed: Outcome[] = [];
  const started = Date.now();
  for (const stage of stages) {
    const steps = stage.filter((s) => only.length === 0 || only.includes(s.name));
    if (steps.length === 0) continue;
    const outcomes = await Promise.all(steps.map((s) => run(s, steps.length === 1)));
    const failed = outcomes.filter((o) => o.code !== 0);
    for (const f of failed) console.error(`\n✗ ${f.name} failed after ${f.seconds}s (exit ${f.code}).`);
    if (failed.length > 0) process.exit(1);
    passed.push(...outcomes);
  }
  const total = Math.round((Date.now() - started) / 1000);
  console.log(`\n✓ All checks passed in ${total}s: ${passed.map((r) => `${r.name} ${r.seconds}s`).join(", ")}`);
}

void main();
