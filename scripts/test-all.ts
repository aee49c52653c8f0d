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

/**
 * One stage's checks run side by side. `buffer`: each check's output is printed whole when it ends (short checks);
 * `prefix`: lines are printed as they come, each prefixed with its check's name (long ones, so progress shows).
 */
interface Stage {
  output: "buffer" | "prefix";
  steps: Step[];
}

const stages: Stage[] = [
  {
    output: "buffer",
    steps: [
      { name: "lint", cmd: ["npx", "eslint", "--max-warnings", "0", "."] },
      { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
      { name: "format", cmd: ["npx", "prettier", "--check", "--log-level", "warn", "."] },
      { name: "prisma schemas", cmd: ["npx", "tsx", "scripts/prisma-schemas.ts", "--check"] },
      { name: "migration drift", cmd: ["node", "scripts/check-migrations.mjs"] },
      { name: "mcp conformance", cmd: ["node", "tools/conformance/run.mjs"] },
    ],
  },
  { output: "buffer", steps: [{ name: "unit", cmd: ["npx", "vitest", "run", "--config", "vitest.unit.config.ts"] }] },
  {
    output: "buffer",
    steps: [{ name: "integration", cmd: ["npx", "vitest", "run", "--config", "vitest.integration.config.ts"] }],
  },
  { output: "buffer", steps: [{ name: "end-to-end", cmd: ["npx", "playwright", "test"] }] },
];

interface Outcome {
  name: string;
  seconds: number;
  code: number | string;
}

type Output = Stage["output"] | "inherit";

/** Writes a child's output as lines prefixed with `[name]`, keeping a line split across chunks whole. */
function prefixer(name: string): { write(chunk: Buffer): void; end(): void } {
  let rest = "";
  return {
    write(chunk) {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
    },
    end() {
      if (rest) process.stdout.write(`[${name}] ${rest}\n`);
    },
  };
}

function run(step: Step, output: Output): Promise<Outcome> {
  const started = Date.now();
  const [bin, ...args] = step.cmd;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.stdout.isTTY ? "1" : "0" };
  if (output !== "buffer") console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")}`);
  const child = spawn(bin, args, { stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"], env });
  const kept: Buffer[] = [];
  const lines = prefixer(step.name);
  const take = (chunk: Buffer): void => (output === "prefix" ? lines.write(chunk) : void kept.push(chunk));
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      lines.end();
      if (output === "buffer") {
        console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")} (${seconds}s, beside the others of its stage)`);
        process.stdout.write(Buffer.concat(kept));
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
    const steps = stage.steps.filter((s) => only.length === 0 || only.includes(s.name));
    if (steps.length === 0) continue;
    const output: Output = steps.length === 1 ? "inherit" : stage.output;
    const outcomes = await Promise.all(steps.map((s) => run(s, output)));
    const failed = outcomes.filter((o) => o.code !== 0);
    for (const f of failed) console.error(`\n✗ ${f.name} failed after ${f.seconds}s (exit ${f.code}).`);
    if (failed.length > 0) process.exit(1);
    passed.push(...outcomes);
  }
  const total = Math.round((Date.now() - started) / 1000);
  console.log(`\n✓ All checks passed in ${total}s: ${passed.map((r) => `${r.name} ${r.seconds}s`).join(", ")}`);
}

void main();
