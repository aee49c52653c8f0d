import { defineConfig } from "vitest/config";
import path from "node:path";
import { LongestFirstSequencer } from "./server/test/integration-sequencer";

/**
 * Integration files run in parallel, each in its own process with its own SQLite file / PostgreSQL database, temp
 * directories and loopback ports (server/test/databases.ts). Most of their time is spent waiting on child processes
 * (MCP servers, workers) and disk, not CPU: on the 2-core machine three workers took 631-842 s where one took 1,127 s
 * (docs/performance.md, "Test suite"). INTEGRATION_WORKERS sets how many (1 by default).
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,server,scripts,examples,app}/**/*.int.test.ts"],
    environment: "node",
    // Safety nets, not assertions: a demoWorld (database, five MCP server processes, handshakes) took 30-46 s of wall
    // clock at load 30 on 2 cores, and the executor's standard-case test 115 s at load 24 with two files at a time, so a
    // test gets four minutes. A passing run is not slower for it.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    // One file at a time by default until the whole suite has passed three times with INTEGRATION_WORKERS=2 beside a
    // CPU-heavy process (issue 16): the waits that depended on a quiet machine now await their condition with deadlines
    // of a minute or more, and two files at a time passed file by file (docs/performance.md, session 7); three runs at
    // 3 workers took 631-842 s against 1,127 s one at a time, each with a different flaky test.
    maxWorkers: Number(process.env.INTEGRATION_WORKERS ?? 1),
    sequence: { sequencer: LongestFirstSequencer },
    // The files of one worker share its process (each file still has its own databases, ports and servers): importing
    // Prisma, the MCP SDK and the services once per worker instead of once per file took the suite from ~1,100 s to
    // ~670 s of CPU (docs/performance.md, session 10). Code that changes process-wide settings says so and resets them
    // (`resetEnv()`, `resetTracing()`).
    isolate: false,
    // The engine's structured logs (pino) stay quiet in tests unless asked for.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
