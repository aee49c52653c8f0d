import { defineConfig } from "vitest/config";
import path from "node:path";
import { LongestFirstSequencer } from "./server/test/integration-sequencer";

/**
 * Integration files run in parallel, each in its own process with its own SQLite file / PostgreSQL database, temp
 * directories and loopback ports (server/test/databases.ts). Most of their time is spent waiting on child processes
 * (MCP servers, workers) and disk, not CPU: on the 2-core machine three workers took 631-842 s where one took 1,127 s
 * (docs/performance.md, "Test suite"). INTEGRATION_WORKERS sets how many.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,server,scripts,examples,app}/**/*.int.test.ts"],
    environment: "node",
    // Safety nets, not assertions: a demoWorld (database, five MCP server processes, handshakes) took 30-46 s of wall
    // clock at load 30 on 2 cores, so a test that builds one gets two minutes.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One at a time by default until every timing-sensitive test is robust beside others (three runs at 3 workers:
    // 631-842 s against 1,127 s, but a different test flaked in each; docs/performance.md). INTEGRATION_WORKERS=3.
    maxWorkers: Number(process.env.INTEGRATION_WORKERS ?? 1),
    sequence: { sequencer: LongestFirstSequencer },
    // The engine's structured logs (pino) stay quiet in tests unless asked for.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
