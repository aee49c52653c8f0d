// ESLint: type-aware rules, React hooks, and the layer boundaries of docs/ARCHITECTURE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const restrict = (patterns) => ["error", { patterns }];
const MCP_SDK = {
  group: ["@modelcontextprotocol/sdk", "@modelcontextprotocol/sdk/*"],
  message: "Only server/mcp (and examples/) may import the MCP SDK.",
};
const MODEL_LIBRARY = {
  group: ["ai", "ai/*", "@ai-sdk/*"],
  message: "Only server/models may import the model provider library (the AI SDK).",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "server/db/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "tools/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Only server/mcp talks MCP and only server/models talks to model providers (see below).
      "@typescript-eslint/no-restricted-imports": restrict([MCP_SDK, MODEL_LIBRARY]),
    },
  },
  {
    // The workflow language is pure: it runs in the browser and on the server.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict([
        {
          group: ["@/server/*", "@/components/*", "@/app/*", "**/server/**", "**/components/**"],
          message: "lib/ is pure: it may not import server or UI code.",
        },
        {
          group: ["node:*", "fs", "path", "crypto", "react", "next", "next/*", "@prisma/*", "@modelcontextprotocol/*"],
          message: "lib/ is pure: only zod and jsonata (and lib/) are allowed.",
        },
        MODEL_LIBRARY,
      ]),
    },
  },
  {
    // The executor core is a pure function: no I/O, no clock, no database, no SDK.
    files: ["server/engine/core/**/*.ts"],
    ignores: ["server/engine/core/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict([
        {
          group: ["node:*", "@prisma/*", "@modelcontextprotocol/*", "**/db/**", "**/mcp/**", "**/runtime/**", "**/models/**"],
          message: "The engine core is pure: it may import lib/workflow only.",
        },
        MODEL_LIBRARY,
      ]),
    },
  },
  {
    // The UI talks to the server only through tRPC (type-only import of the router).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["app/api/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict([
        {
          group: ["@/server/*", "**/server/**"],
          allowTypeImports: true,
          message: "UI code reaches the server through tRPC; import only types from server/.",
        },
        {
          group: ["@modelcontextprotocol/*", "@prisma/*", "better-sqlite3", "pg", "ai", "ai/*", "@ai-sdk/*"],
          message: "UI code may not use server-side packages.",
        },
      ]),
    },
  },
  {
    files: ["server/mcp/**/*.ts", "examples/**/*.{ts,mjs,js}"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict([MODEL_LIBRARY]) },
  },
  {
    files: ["server/models/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict([MCP_SDK]) },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["**/*.test.ts", "**/*.int.test.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
