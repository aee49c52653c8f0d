/**
 * Process configuration, validated once at start-up: a bad value fails fast
 * with a message that names the variable.
 */
import { z } from "zod";
import path from "node:path";

const envSchema = z.object({
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)')
    .optional(),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** base64 of 32 random bytes; by default a key file is generated in DATA_DIR. */
  SWITCHYARD_SECRET_KEY: z.string().optional(),
  /** Seed the demo workflow on first start ("false" to start empty). */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
});

export type Env = z.infer<typeof envSchema> & { DATABASE_URL: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(env.DATA_DIR, "switchyard.db")}`;
  return { ...env, DATABASE_URL: databaseUrl };
}
