/**
 * `npm test`: every check, in order of speed. Static checks, unit tests,
 * integration tests on real databases (SQLite always; PostgreSQL when
 * TEST_POSTGRES_URL is set), the migration drift check, then the Playwright
 * journeys against the real app in Chromium. Stops at the first failure.
 */
import { spawnSync } from "node:child_process";

const steps: { name: string; cmd: string[]; when?: () => boolean; skipNotice?: string }[] = [
  { name: "lint", cmd: ["npx", "eslint", "--max-warnings", "0", "."] },
  { name: "format", cmd: ["npx", "prettier", "--check", "--log-level", "warn", "."] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "prisma schemas", cmd: ["npx", "tsx", "scripts/prisma-schemas.ts", "--check"] },
  { name: "unit", cmd: ["npx", "vitest", "run", "--config", "vitest.unit.config.ts"] },
  { name: "integration", cmd: ["npx", "vitest", "run", "--config", "vitest.integration.config.ts"] },
  { name: "migration drift", cmd: ["node", "scripts/check-migrations.mjs"] },
  { name: "mcp conformance", cmd: ["node", "tools/conformance/run.mjs"] },
  { name: "end-to-end", cmd: ["npx", "playwright", "test"] },
];

const only = process.argv.slice(2);
const results: { name: string; seconds: number }[] = [];
if (!process.env.TEST_POSTGRES_URL) {
  console.log("Note: TEST_POSTGRES_URL is not set, so the PostgreSQL integration tests are skipped (SQLite only).");
}
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")}`);
  const started = Date.now();
  const [bin, ...args] = step.cmd as [string, ...string[]];
  const run = spawnSync(bin, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (run.status !== 0) {
    console.error(`\n✗ ${step.name} failed after ${seconds}s (exit ${run.status ?? run.signal}).`);
    process.exit(1);
  }
  results.push({ name: step.name, seconds });
}
console.log(`\n✓ All checks passed: ${results.map((r) => `${r.name} ${r.seconds}s`).join(", ")}`);
