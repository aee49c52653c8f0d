import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,server,components,app,scripts,examples}/**/*.test.{ts,tsx}"],
    exclude: ["**/*.int.test.ts", "node_modules/**"],
    environment: "node",
  },
});
