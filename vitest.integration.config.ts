import { defineConfig } from "vitest/config";
import path from "node:path";
import { LongestFirstSequencer } from "./server/test/integration-sequencer";

/**
 * Integration files run two at a time, each with its own SQLite file / PostgreSQL database, temp directories and
 * loopback ports (server/test/databases.ts). The suite is CPU-bound on the 2-core machine (its MCP servers, workers
 * and the files' own code): two workers keep both cores busy, more only slow each file down. INTEGRATION_WORKERS sets
 * how many (docs/performance.md, "Test suite").
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
    // Two at a time: the whole suite passed this way on a quiet machine and beside a CPU-heavy process (issue 16).
    maxWorkers: Number(process.env.INTEGRATION_WORKERS ?? 2),
    sequence: { sequencer: LongestFirstSequencer },
    // The files of one worker share its process (each file still has its own databases, ports and servers): importing
    // Prisma, the MCP SDK and the services once per worker instead of once per file took the suite from ~1,100 s to
    // ~670 s of CPU (docs/performance.md, session 10). Code that changes process-wide settings says so and resets them
    // (`resetEnv()`, `resetTracing()`); after every file, server/test/process-settings.ts gives the process back its
    // environment, configuration and expression limits.
    isolate: false,
    setupFiles: ["server/test/process-settings.ts"],
    // The engine's structured logs (pino) stay quiet in tests unless asked for.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
