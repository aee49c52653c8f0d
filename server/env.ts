/**
 * Process configuration, validated once at start-up: a bad value fails fast
 * with a message that names the variable.
 */
import { z } from "zod";
import path from "node:path";

/** An http(s) URL; empty means not set. */
const optionalHttpUrl = () =>
  z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional());

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);
const lower = (v: unknown) => (typeof v === "string" ? (v === "" ? undefined : v.toLowerCase()) : v);

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const envSchema = z.object({
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
  /** Receives new and overdue escalations as JSON (POST); overrides the URL set in the inbox. */
  SWITCHYARD_WEBHOOK_URL: optionalHttpUrl(),
  /** Where people reach this app, for links in notifications; http://HOST:PORT by default. */
  SWITCHYARD_PUBLIC_URL: optionalHttpUrl(),
  /** Step results larger than this many bytes (as JSON) are stored apart and shown truncated with a download. */
  SWITCHYARD_RESULT_BUDGET_BYTES: z.coerce.number().int().min(1024, "must be at least 1024").default(65_536),
  /** When set, GET /api/metrics requires "Authorization: Bearer <token>". */
  SWITCHYARD_METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  /** `npm run worker` only: serve GET /metrics on this port (bound to HOST); off when unset. */
  SWITCHYARD_METRICS_PORT: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  /** /mcp: a workflow tool called without a task waits this long for its run before answering that it still runs. */
  SWITCHYARD_MCP_WAIT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** `npm run worker` only: serve the MCP endpoint (/mcp) on this port (bound to HOST); off when unset. */
  SWITCHYARD_MCP_PORT: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  /** A run with no transition for this many minutes is reported stuck (a workflow's stuckAfterMinutes overrides it). */
  SWITCHYARD_STUCK_AFTER_MINUTES: z.coerce.number().int().min(1).max(525_600).default(60),
  /** Send OpenTelemetry traces (OTLP/HTTP) here; tracing is off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalHttpUrl(),
  /** local: one built-in admin, no sign-in (only on a loopback HOST); accounts: people sign in. */
  SWITCHYARD_AUTH: z.enum(["local", "accounts"], { error: 'must be "local" or "accounts"' }).optional(),
  /** Creates the first admin at start-up when no user exists yet (accounts mode). */
  ADMIN_EMAIL: z.preprocess((v) => (v === "" ? undefined : v), z.email({ error: "must be an email address" }).optional()),
  ADMIN_PASSWORD: z.string().optional(),
  /** Sign-in rate limit: failures allowed per email (and 5x that per address) within the window. */
  SWITCHYARD_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  SWITCHYARD_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** A session ends after this many days without use (each use renews it). */
  SWITCHYARD_SESSION_DAYS: z.coerce.number().min(0.001).max(365).default(7),
  /** "off": this process runs no executor (a web process beside `npm run worker` processes). */
  SWITCHYARD_ENGINE: z.preprocess(lower, z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on")),
  /** Local mode: when set, POST /api/events requires "Authorization: Bearer <token>". */
  SWITCHYARD_EVENTS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /** SQLite durability of the run store's commits: full (survives a power loss) or normal (survives a crash). */
  SWITCHYARD_SQLITE_SYNCHRONOUS: z.preprocess(
    lower,
    z.enum(["full", "normal"], { error: 'must be "full" or "normal"' }).default("full"),
  ),
  /** How often an engine polls the store for queued runs, due timers and SLAs (ms; 100 in a worker, 250 in the app). */
  SWITCHYARD_POLL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(5).max(60_000).optional()),
  /** How long a run stays leased to the engine carrying it out without a heartbeat (milliseconds). */
  SWITCHYARD_LEASE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(3_600_000).optional()),
  /** pino level; "silent" turns logging off. */
  LOG_LEVEL: z.preprocess(lower, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info")),
  /** json (one line per event) or pretty; pretty by default when NODE_ENV=development. */
  LOG_FORMAT: z.preprocess(lower, z.enum(["json", "pretty"], { error: 'must be "json" or "pretty"' }).optional()),
  NODE_ENV: z.string().optional(),
  /** The service name on OpenTelemetry spans. */
  OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().default("switchyard")),
});

export type AuthMode = "local" | "accounts";
export type Env = Omit<z.infer<typeof envSchema>, "SWITCHYARD_AUTH"> & { DATABASE_URL: string; AUTH_MODE: AuthMode };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
export const isLoopback = (host: string) => LOOPBACK.has(host.toLowerCase());

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(env.DATA_DIR, "switchyard.db")}`;
  const { SWITCHYARD_AUTH, ...rest } = env;
  return { ...rest, DATABASE_URL: databaseUrl, AUTH_MODE: SWITCHYARD_AUTH ?? "local" };
}

const globalForEnv = globalThis as unknown as { switchyardEnv?: Env };

/**
 * This process's configuration, parsed from process.env on first use and kept (on globalThis: Next.js may load this
 * module in more than one bundle). Everything that needs a setting reads it here, so a bad value fails once, at start.
 */
export function getEnv(): Env {
  globalForEnv.switchyardEnv ??= readEnv(process.env);
  return globalForEnv.switchyardEnv;
}

/** Forgets the parsed configuration (tests that change process.env call this; the next getEnv() parses again). */
export function resetEnv(): void {
  globalForEnv.switchyardEnv = undefined;
}

/**
 * Local mode (no sign-in, everyone is the built-in admin) is only safe on a loopback address: on any other
 * HOST the app refuses to start unless SWITCHYARD_AUTH=accounts. The message says what to do.
 */
export function bindingProblem(env: Env): string | null {
  if (env.AUTH_MODE === "accounts" || isLoopback(env.HOST)) return null;
  return (
    `HOST=${env.HOST} would let anyone on the network use Switchyard without signing in. ` +
    `Set SWITCHYARD_AUTH=accounts (people sign in; the first start asks for an admin, or set ADMIN_EMAIL and ADMIN_PASSWORD), ` +
    `or bind to 127.0.0.1 for local single-user mode.`
  );
}
