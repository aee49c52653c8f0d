/**
 * `npm test`: every check. Static checks, unit tests, integration tests on real databases (SQLite always; PostgreSQL
 * when TEST_POSTGRES_URL is set), the migration drift check, the MCP conformance suite, then the Playwright journeys
 * against the real app in Chromium.
 *
 * The static checks (ESLint, tsc, Prettier: CPU only, no time limits) run in the background from the start to the end,
 * at the lowest priority, on the CPU the tests leave idle (neither the integration suite nor the journeys keep both
 * cores of the 2-core machine busy: ~75-80%). In the foreground, the short checks run side by side (schemas, drift, MCP
 * conformance, the unit tests, the app's build for the journeys), then the integration suite, then the journeys
 * (docs/performance.md, "Test suite", sessions 11-12). The first check that fails stops all the others and `npm test`
 * exits non-zero, naming it. `npm test lint unit` runs only the named checks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";

interface Step {
  name: string;
  cmd: [string, ...string[]];
  /** A foreground check this one starts after (when both are run). */
  after?: string;
}

/**
 * One phase's checks run side by side. `buffer`: each check's output is printed whole when it ends (short checks);
 * `prefix`: lines are printed as they come, each prefixed with its check's name (long ones, so progress shows).
 */
interface Phase {
  output: "buffer" | "prefix";
  steps: Step[];
}

/**
 * From the start to the end, at the lowest priority: work with no time limit of its own, which only needs CPU (the
 * tests' idle ~20-25% of two cores over ~15 minutes is more than the ~170 s of CPU it takes).
 */
const background: Step[] = [
  { name: "lint", cmd: ["npx", "eslint", "--max-warnings", "0", "."] },
  // After the build: tsc reads the types the build writes (.next/types), which a rebuild deletes and writes again.
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"], after: "build" },
  { name: "format", cmd: ["npx", "prettier", "--check", "--log-level", "warn", "."] },
];

const phases: Phase[] = [
  {
    output: "buffer",
    steps: [
      { name: "prisma schemas", cmd: ["npx", "tsx", "scripts/prisma-schemas.ts", "--check"] },
      { name: "migration drift", cmd: ["node", "scripts/check-migrations.mjs"] },
      { name: "mcp conformance", cmd: ["node", "tools/conformance/run.mjs"] },
      { name: "unit", cmd: ["npx", "vitest", "run", "--config", "vitest.unit.config.ts"] },
      // The journeys' servers would build the app themselves (scripts/start.ts); built here, beside the static checks.
      { name: "build", cmd: ["npx", "tsx", "scripts/build-app.ts"] },
    ],
  },
  // One at a time: each keeps both cores about 70% busy alone, and side by side they took longer than one after the
  // other (e2e 716 s instead of ~420 s, integration over 800 s instead of ~440 s: the CPU each spends grows when they
  // share the cores; docs/performance.md, session 11).
  {
    output: "prefix",
    steps: [{ name: "integration", cmd: ["npx", "vitest", "run", "--config", "vitest.integration.config.ts"] }],
  },
  { output: "prefix", steps: [{ name: "end-to-end", cmd: ["npx", "playwright", "test"] }] },
];

interface Outcome {
  name: string;
  seconds: number;
  code: number | string;
}

type Output = Phase["output"] | "inherit";

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

/** The checks running now: stopped (with everything they started) when one of them fails. */
const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * SIGTERM first: Playwright and vitest then stop what they started in process groups of their own (the journeys' app
 * servers, the browser), which a SIGKILL of the check's group would leave running (and holding their ports). What is
 * still there 10 s later is killed.
 */
function stopRunning(): void {
  for (const child of running) signalGroup(child, "SIGTERM");
  setTimeout(() => {
    for (const child of running) signalGroup(child, "SIGKILL");
  }, 10_000).unref();
}

/** The background's priority (`nice` 19: a weight of 15 against a normal process's 1,024). */
const LOWEST = 19;

/**
 * Linux shares the CPU between sessions before it looks at `nice` (autogroups, on by default), and each check is its own
 * session: its session's weight is what lowers it. Not possible (not Linux, not allowed): it runs at plain `nice`.
 */
function lowerPriority(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(LOWEST));
  } catch {
    // The `nice` it was started with still applies within its session.
  }
}

function run(step: Step, output: Output, lower: boolean, onFailure: (o: Outcome) => void): Promise<Outcome> {
  const started = Date.now();
  const cmd: Step["cmd"] = lower ? ["nice", "-n", String(LOWEST), ...step.cmd] : step.cmd;
  const [bin, ...args] = cmd;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.stdout.isTTY ? "1" : "0" };
  if (output !== "buffer") console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")}`);
  // Its own process group, so a stop takes the servers and browsers it started along.
  const child: ChildProcess = spawn(bin, args, {
    stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
    env,
    detached: true,
  });
  running.add(child);
  if (lower && child.pid) lowerPriority(child.pid);
  const kept: Buffer[] = [];
  const lines = prefixer(step.name);
  const take = (chunk: Buffer): void => (output === "prefix" ? lines.write(chunk) : void kept.push(chunk));
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      running.delete(child);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      lines.end();
      if (output === "buffer") {
        console.log(`\n━━ ${step.name} ━━ ${step.cmd.join(" ")} (${seconds}s, beside the others)`);
        process.stdout.write(Buffer.concat(kept));
      } else console.log(`\n━━ ${step.name} ended after ${seconds}s`);
      const outcome = { name: step.name, seconds, code: code ?? signal ?? "unknown" };
      if (outcome.code !== 0) onFailure(outcome);
      resolve(outcome);
    });
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  if (!process.env.TEST_POSTGRES_URL) {
    console.log("Note: TEST_POSTGRES_URL is not set, so the PostgreSQL integration tests are skipped (SQLite only).");
  }
  // Ctrl-C or a CI stop: the checks' process groups go too.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      stopRunning();
      process.exit(130);
    });
  const passed: Outcome[] = [];
  const started = Date.now();
  let first: Outcome | null = null;
  const stopAll = (failed: Outcome): void => {
    if (first) return;
    first = failed;
    console.error(`\n✗ ${failed.name} failed after ${failed.seconds}s (exit ${failed.code}): stopping the others.`);
    stopRunning();
  };
  const selected = (steps: Step[]): Step[] => steps.filter((s) => only.length === 0 || only.includes(s.name));
  const front = phases.map((phase) => ({ ...phase, steps: selected(phase.steps) })).filter((p) => p.steps.length > 0);
  const quiet = selected(background);
  // Named alone, a background check runs like any other: at normal priority, straight to the terminal.
  const alone = front.length === 0;
  const ended = new Map(front.flatMap((p) => p.steps).map((s) => [s.name, deferred()]));
  const behind = Promise.all(
    quiet.map(async (s) => {
      await (s.after ? ended.get(s.after)?.promise : undefined);
      return first
        ? { name: s.name, seconds: 0, code: "not started" }
        : run(s, alone && quiet.length === 1 ? "inherit" : "buffer", !alone, stopAll);
    }),
  );
  const outcomes: Outcome[] = [];
  for (const phase of front) {
    if (first) break;
    // Alone (no background, one check): its output goes straight to the terminal, colours and progress included.
    const output: Output = phase.steps.length === 1 && quiet.length === 0 ? "inherit" : phase.output;
    const done = await Promise.all(
      phase.steps.map((s) => run(s, output, false, stopAll).finally(() => ended.get(s.name)?.resolve())),
    );
    outcomes.push(...done);
  }
  for (const d of ended.values()) d.resolve(); // Phases skipped after a failure.
  if (!first && quiet.length > 0) console.log(`\n… waiting for the background checks (${quiet.map((s) => s.name).join(", ")})`);
  outcomes.push(...(await behind));
  if (first) {
    const { name, seconds, code } = first as Outcome;
    const stopped = outcomes.filter((o) => o.name !== name && o.code !== 0).map((o) => o.name);
    console.error(
      `\n✗ ${name} failed after ${seconds}s (exit ${code}).${stopped.length ? ` Stopped: ${stopped.join(", ")}.` : ""}`,
    );
    process.exit(1);
  }
  passed.push(...outcomes);
  const total = Math.round((Date.now() - started) / 1000);
  console.log(`\n✓ All checks passed in ${total}s: ${passed.map((r) => `${r.name} ${r.seconds}s`).join(", ")}`);
}

void main();
