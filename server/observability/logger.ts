/**
 * The process's structured logger (pino): one JSON line per event, or human-readable lines in development
 * (`npm run dev`, or LOG_FORMAT=pretty). The level comes from LOG_LEVEL (default info; "silent" turns logging off).
 */
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv, type Env, type LogLevel } from "../env";

export type { Logger };

export type { LogLevel };

export interface LoggerOptions {
  level?: LogLevel | undefined;
  pretty?: boolean | undefined;
  /** Where lines go (tests collect them); stdout by default. */
  destination?: DestinationStream | undefined;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? "info", base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty)
    return pino(
      base,
      pretty({ colorize: process.stdout.isTTY, translateTime: "SYS:HH:MM:ss.l", ignore: "pid", singleLine: true }),
    );
  // Asynchronous writes: logging does not wait for stdout on the executor's hot path (flushed at exit by pino).
  return pino(base, pino.destination({ dest: 1, sync: false }));
}

/** LOG_LEVEL and LOG_FORMAT (json | pretty; pretty by default when NODE_ENV=development), validated in server/env.ts. */
export function loggerOptionsFromEnv(env: Pick<Env, "LOG_LEVEL" | "LOG_FORMAT" | "NODE_ENV"> = getEnv()): LoggerOptions {
  const format = env.LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json");
  return { level: env.LOG_LEVEL, pretty: format === "pretty" };
}

const globalForLog = globalThis as unknown as { switchyardLogger?: Logger };

/** The process-wide logger (on globalThis: Next.js may load this module in more than one bundle). */
export function getLogger(): Logger {
  globalForLog.switchyardLogger ??= createLogger(loggerOptionsFromEnv());
  return globalForLog.switchyardLogger;
}

/** Replaces the process-wide logger (tests collect the lines). */
export function setLogger(logger: Logger): void {
  globalForLog.switchyardLogger = logger;
}
