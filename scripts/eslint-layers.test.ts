/**
 * The layer map of docs/ARCHITECTURE.md is enforced by ESLint (eslint.config.js). Each arrow is proved here: an import
 * that breaks it fails lint, and an allowed one next to it passes (so a rule that blocks everything fails too).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// The layer rules need no type information; the fixtures are not files of the TypeScript project.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [{ files: ["**/*.ts", "**/*.tsx"], ...tseslint.configs.disableTypeChecked }],
});

const RULE = "@typescript-eslint/no-restricted-imports";

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const SDK = `import "@modelcontextprotocol/sdk/client/index.js";`;

/** [the file the import is in, a forbidden import, an allowed import] */
const ARROWS: [string, string, string][] = [
  ["lib/x.ts", `import "@/server/env";`, `import "zod";`],
  ["lib/x.ts", `import "node:fs";`, `import "./workflow/schema";`],
  ["lib/x.ts", `import "../components/ui/badge";`, `import "@/lib/runs/status";`],
  ["server/engine/core/x.ts", `import "../runtime/engine";`, `import "./types";`],
  ["server/engine/core/x.ts", `import "@/server/db/client";`, `import "@/lib/runs/status";`],
  ["server/engine/core/x.ts", `import "node:crypto";`, `import "@/lib/workflow/schema";`],
  ["server/engine/runtime/x.ts", `import "../../db/client";`, `import "../core/step";`],
  ["server/engine/runtime/x.ts", `import "@/server/mcp/manager";`, `import "./ports";`],
  ["server/engine/runtime/x.ts", `import "@prisma/client";`, `import "@/lib/workflow/schema";`],
  ["server/db/x.ts", `import "../services/workflows/workflows";`, `import "../engine/runtime/ports";`],
  ["server/db/x.ts", `import "../mcp/manager";`, `import "./client";`],
  ["server/mcp/x.ts", `import "../db/client";`, SDK],
  ["server/security/x.ts", `import "../db/client";`, `import "node:crypto";`],
  ["server/util/x.ts", `import "../services/runs/runs";`, `import "@/lib/workflow/schema";`],
  ["server/observability/x.ts", `import "../services/stuck/stuck-alerts";`, `import "../db/client";`],
  ["server/auth/x.ts", `import "../api/trpc";`, `import "../db/client";`],
  ["server/services/runs/x.ts", `import "../../api/trpc";`, `import "@/lib/errors";`],
  ["server/services/runs/x.ts", `import "@/server/api/trpc";`, `import "../workflows/workflows";`],
  ["server/services/runs/x.ts", SDK, `import "../../mcp/manager";`],
  ["server/api/x.ts", SDK, `import "../services/runs/runs";`],
  [
    "components/x.tsx",
    `import { getDb } from "@/server/db/client";\nexport const db = getDb;`,
    `import type { AppRouter } from "@/server/api/root";\nexport type R = AppRouter;`,
  ],
  ["app/x/page.tsx", `import "@prisma/client";`, `import "@/lib/inbox/escalations";`],
];

describe("the layer map is enforced", { timeout: 60_000 }, () => {
  // Loading the configuration (typescript-eslint, plugins) takes seconds on a loaded machine: once, before the cases.
  beforeAll(() => restricted("lib/x.ts", ""), 120_000);

  it.each(ARROWS)("%s: refuses %s, allows %s", async (file, forbidden, allowed) => {
    expect(await restricted(file, forbidden)).toHaveLength(1);
    expect(await restricted(file, allowed)).toEqual([]);
  });
});
