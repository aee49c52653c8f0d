/**
 * Prisma CLI configuration. The provider (and so the schema and migrations
 * folder) follows DATABASE_URL: postgresql://... selects PostgreSQL, anything
 * else (file:...) SQLite, the embedded default.
 *
 * Prisma's CLI wants a native schema-engine binary that cannot be downloaded on
 * offline machines; scripts/prisma-schema-engine.mjs is a drop-in replacement
 * backed by the WebAssembly engine (see docs/ARCHITECTURE.md).
 */
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/prisma-schema-engine.mjs");

const url = process.env.DATABASE_URL ?? "file:./data/switchyard.db";
const provider = /^postgres(ql)?:/.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: {
    url,
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
