// ESLint: type-aware rules, React hooks, and the layer boundaries of docs/ARCHITECTURE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const restrict = (patterns) => ["error", { patterns }];

const SDK = {
  group: ["@modelcontextprotocol/sdk", "@modelcontextprotocol/sdk/*"],
  message: "Only server/mcp (and examples/) may import the MCP SDK.",
};
const MODEL_LIBRARY = {
  group: ["ai", "ai/*", "@ai-sdk/*"],
  message: "Only server/models may import the model provider library (the AI SDK).",
};
/** The restriction of one layer, plus the SDK rules every layer but server/mcp (server/models) keeps. */
const layer = (...patterns) => ({
  "@typescript-eslint/no-restricted-imports": restrict([SDK, MODEL_LIBRARY, ...patterns]),
});
const restrictOnly = (...patterns) => ({ "@typescript-eslint/no-restricted-imports": restrict(patterns) });
/** The server layers a folder of server/ sits below (relative and "@/server/..." imports both). */
const SERVER_LAYERS = ["db", "mcp", "models", "services", "api", "observability", "auth", "security", "events", "env", "context"];
const above = (...folders) =>
  folders.flatMap((f) => [`@/server/${f}`, `@/server/${f}/*`, `**/server/${f}`, `**/server/${f}/**`, ...relative(f)]);
/** "../db/x", "../../db/x"... but never lib/'s own folders (lib/mcp is not server/mcp). */
const relative = (f) => [`../${f}`, `../${f}/*`, `../../${f}`, `../../${f}/*`, `../../../${f}`, `../../../${f}/*`];

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
      // Only server/mcp talks MCP (see below); nothing else imports the SDK.
      ...layer(),
    },
  },
  // The arrows of docs/ARCHITECTURE.md, one block per layer (scripts/eslint-layers.test.ts proves each one fails on a
  // bad import). A block replaces the rule of the one above, so each repeats the MCP SDK restriction.
  {
    // Shared by browser and server: pure.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/*.test.ts"],
    rules: layer(
      {
        group: ["@/server/*", "@/components/*", "@/app/*", "**/server/**", "**/components/**"],
        message: "lib/ is pure: it may not import server or UI code.",
      },
      {
        group: ["node:*", "fs", "path", "crypto", "react", "next", "next/*", "@prisma/*", "@modelcontextprotocol/*"],
        message: "lib/ is pure: only zod, jsonata, re2js, superjson (and lib/) are allowed.",
      },
    ),
  },
  {
    // The executor core is a pure function: no I/O, no clock, no database, no SDK.
    files: ["server/engine/core/**/*.ts"],
    ignores: ["server/engine/core/**/*.test.ts"],
    rules: layer({
      group: [
        "node:*",
        "@prisma/*",
        "@modelcontextprotocol/*",
        "../runtime",
        "../runtime/*",
        ...above("engine/runtime", ...SERVER_LAYERS),
      ],
      message: "The engine core is pure: it may import lib/ only.",
    }),
  },
  {
    // The runtime runs the core through its ports; what the ports talk to is wired in by the host.
    files: ["server/engine/runtime/**/*.ts"],
    ignores: ["server/engine/runtime/**/*.test.ts"],
    rules: layer({
      group: ["@prisma/*", "better-sqlite3", "pg", ...above(...SERVER_LAYERS)],
      message: "The engine runtime may import the core, lib/ and its own ports only (the host wires in the rest).",
    }),
  },
  {
    // The data layer: Prisma, the drivers and the run stores (which implement the runtime's ports).
    files: ["server/db/**/*.ts"],
    ignores: ["server/db/**/*.test.ts"],
    rules: layer({
      group: above("services", "api", "mcp", "observability", "auth", "security"),
      message: "server/db may import the engine's types and lib/ only; features live in server/services.",
    }),
  },
  {
    files: ["server/mcp/**/*.ts"],
    ignores: ["server/mcp/**/*.test.ts"],
    rules: restrictOnly(MODEL_LIBRARY, {
      group: above("services", "api", "db", "observability", "auth", "engine", "security", "models"),
      message: "server/mcp is the MCP boundary: it may import lib/ and the SDK only.",
    }),
  },
  {
    files: ["server/models/**/*.ts"],
    ignores: ["server/models/**/*.test.ts"],
    rules: restrictOnly(SDK, {
      group: above("services", "api", "db", "observability", "auth", "engine", "mcp"),
      message: "server/models is the model provider boundary: it may import lib/ and the AI SDK only.",
    }),
  },
  {
    // Tests of the MCP boundary drive it with the SDK's own client and set up the app around it.
    files: ["server/mcp/**/*.test.ts"],
    rules: restrictOnly(),
  },
  {
    files: ["server/security/**/*.ts", "server/util/**/*.ts"],
    ignores: ["server/**/*.test.ts"],
    rules: layer({
      group: above("services", "api", "db", "observability", "auth", "engine", "mcp"),
      message: "server/security and server/util are leaves: node and lib/ only.",
    }),
  },
  {
    files: ["server/auth/**/*.ts", "server/observability/**/*.ts"],
    ignores: ["server/**/*.test.ts"],
    rules: layer({
      group: above("services", "api"),
      message: "server/auth and server/observability sit below the services: they may not import services or api.",
    }),
  },
  {
    files: ["server/services/**/*.ts"],
    ignores: ["server/**/*.test.ts"],
    rules: layer({
      group: [...above("api"), "@/app/*", "@/components/*"],
      message: "Services may not import the API layer (shared errors and values are in lib/).",
    }),
  },
  {
    // The UI talks to the server only through tRPC (type-only import of the router).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    // Route handlers (the HTTP API and the MCP endpoint) are server code.
    ignores: ["app/api/**", "app/mcp/**", "app/oauth/**/route.ts"],
    rules: layer(
      {
        group: ["@/server/*", "**/server/**"],
        allowTypeImports: true,
        message: "UI code reaches the server through tRPC; import only types from server/.",
      },
      {
        group: ["@modelcontextprotocol/*", "@prisma/*", "better-sqlite3", "pg"],
        message: "UI code may not use server-side packages.",
      },
    ),
  },
  {
    files: ["examples/**/*.{ts,mjs,js}"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
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
