import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,server,scripts,examples,app}/**/*.int.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start processes and databases; keep them from starving each other on 2 cores.
    fileParallelism: false,
    // The engine's structured logs (pino) stay quiet in tests unless asked for.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
