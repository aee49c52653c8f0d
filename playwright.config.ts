import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Fresh data directories per test run (workers inherit them through the environment):
// one installation starts empty (the new user's journeys), one with the demo seeded.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "switchyard-e2e-"));
process.env.E2E_DEMO_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "switchyard-e2e-demo-"));
process.env.E2E_ACCOUNTS_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "switchyard-e2e-accounts-"));
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DEMO_PORT = PORT + 1;
const ACCOUNTS_PORT = PORT + 2;

const server = (port: number, dataDir: string, seed: boolean, extraEnv: Record<string, string> = {}) => ({
  command: "npx tsx scripts/start.ts",
  url: `http://127.0.0.1:${port}/api/trpc/system.info`,
  // The first server to start builds the app (minutes on a loaded 2-core machine); the others wait for that build.
  timeout: 600_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  env: {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: String(seed),
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  },
});

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // Each project's journeys run one at a time, in order, on their installation (they count its runs and items). The
  // three installations (new, demo, accounts) are separate servers with separate data: E2E_WORKERS=3 runs the three
  // chains side by side (opt-in: not yet proven on a loaded 2-core machine, see docs/performance.md).
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    // An action or a wait for an event that cannot happen fails within 30 s naming its step (the default is none: the
    // journey's whole time limit passes and the report says only that).
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    // One browser context per worker, reset between journeys (cookies, storage, cache, extra tabs: Playwright's
    // experimental `reuseContext`) instead of a new one each: a new context cost the headless browser ~2 CPU-s per
    // journey (8 journeys of two page loads: 55 -> 37 CPU-s, docs/performance.md). The journeys of one installation
    // already share its server and data; each signs in again where it needs to (accounts mode).
    reuseContext: true,
    // No animations to paint (app/globals.css honours it): the headless browser was the busiest process of a run.
    reducedMotion: "reduce",
    // The journeys take the screenshots people look at themselves (test-results/screens); a failure adds one.
    screenshot: "only-on-failure",
    // A trace records every action's DOM snapshot and screencast, for every test, even when kept only on failure:
    // E2E_TRACE=retain-on-failure turns it on when a journey needs debugging.
    trace: (process.env.E2E_TRACE ?? "off") as "off" | "on" | "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "new installation",
      workers: 1,
      testMatch: /\/(workflows|servers)\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PORT}` },
    },
    // Same installation, after the journeys that expect it empty: adds an OAuth-protected server.
    {
      name: "new installation, OAuth",
      workers: 1,
      testMatch: /(oauth-servers|server-tasks)\.spec\.ts/,
      dependencies: ["new installation"],
      use: { baseURL: `http://127.0.0.1:${PORT}` },
    },
    {
      name: "demo",
      workers: 1,
      testMatch: /(runs|designer|tabs|review-defects|step-tests)\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // Same installation, after the run journeys (they count runs and inbox items from a fresh demo).
    {
      name: "demo inbox",
      workers: 1,
      testMatch: /(inbox|elicitation)\.spec\.ts/,
      dependencies: ["demo"],
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // After the inbox journeys (they count the inbox's items): adds a failing server, failing runs and a stuck approval.
    {
      name: "demo insights",
      workers: 1,
      testMatch: /insights\.spec\.ts/,
      dependencies: ["demo inbox"],
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // Same installation, after insights: it adds a workflow with a trigger and sends events.
    {
      name: "coordination",
      workers: 1,
      testMatch: /coordination\.spec\.ts/,
      dependencies: ["demo insights"],
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // Then an AI agent step, run on the scripted demo model (it refunds a demo order); then a workflow with a parallel
    // step and a for-each, built on the canvas and run.
    {
      name: "demo agents",
      workers: 1,
      testMatch: /(agents|fanout)\.spec\.ts/,
      dependencies: ["coordination"],
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // After everything else on the demo installation: the approval insights.spec.ts left waiting is past its SLA.
    {
      name: "demo stuck",
      workers: 1,
      testMatch: /stuck\.spec\.ts/,
      dependencies: ["demo agents"],
      use: { baseURL: `http://127.0.0.1:${DEMO_PORT}` },
    },
    // People sign in: a fresh installation with the demo, in accounts mode.
    { name: "accounts", workers: 1, testMatch: /accounts\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${ACCOUNTS_PORT}` } },
  ],
  webServer: [
    server(PORT, process.env.E2E_DATA_DIR, false),
    server(DEMO_PORT, process.env.E2E_DEMO_DATA_DIR, true),
    server(ACCOUNTS_PORT, process.env.E2E_ACCOUNTS_DATA_DIR, true, { SWITCHYARD_AUTH: "accounts" }),
  ],
});
