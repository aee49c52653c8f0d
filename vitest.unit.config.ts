import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,server,components,app,scripts,examples}/**/*.test.{ts,tsx}"],
    exclude: ["**/*.int.test.ts", "node_modules/**"],
    environment: "node",
    // The files of one worker share its process: 122 files took 68 s of wall clock (82 s CPU) isolated and 13 s
    // (16 s CPU) this way on the 2-core machine (docs/performance.md, session 10). A test that changes process-wide
    // settings puts them back.
    isolate: false,
  },
});
