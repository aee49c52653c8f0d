/**
 * The two Prisma schemas (SQLite and PostgreSQL) are generated from one models
 * file. This module renders them; scripts/prisma-schemas.ts writes them and a
 * test checks they are current.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export function schemaHeader(provider: Provider): string {
  return `// GENERATED from prisma/models.prisma by \`npm run db:schemas\`. Do not edit.

generator client {
  provider     = "prisma-client"
  output       = "../../server/db/generated/${provider}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
}
`;
}

export function renderSchemas(root: string): { provider: Provider; file: string; text: string }[] {
  const models = readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
  return PROVIDERS.map((provider) => ({
    provider,
    file: path.join(root, "prisma", provider, "schema.prisma"),
    text: `${schemaHeader(provider)}\n${models}`,
  }));
}
