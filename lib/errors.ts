/**
 * Typed, serializable application errors, shared by server and UI. Services throw AppError; the tRPC
 * layer maps its kind to an HTTP-like code and sends `problems` to the client.
 */
import type { Problem } from "./workflow/problems";

export type AppErrorKind = "not_found" | "invalid" | "conflict" | "forbidden" | "unavailable" | "unauthorized" | "rate_limited";

const KINDS: ReadonlySet<string> = new Set<AppErrorKind>([
  "not_found",
  "invalid",
  "conflict",
  "forbidden",
  "unavailable",
  "unauthorized",
  "rate_limited",
]);

/**
 * The brand every AppError carries, from the process-wide symbol registry: the same symbol in every copy of this
 * module. A process can hold two copies (the front server, scripts/front, loads the route modules itself while the
 * engine it calls was loaded by Next.js's bundle), and `instanceof` fails across them; `isAppError` does not.
 */
const BRAND = Symbol.for("switchyard.AppError");

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }

  toJSON(): { kind: AppErrorKind; message: string; problems: Problem[] } {
    return { kind: this.kind, message: this.message, problems: this.problems };
  }
}
Object.defineProperty(AppError.prototype, BRAND, { value: true });

/** Whether `err` is an AppError from any copy of this module (by its brand and a known kind; see BRAND). */
export function isAppError(err: unknown): err is AppError {
  if (typeof err !== "object" || err === null) return false;
  const e = err as Partial<Record<typeof BRAND, unknown>> & { kind?: unknown; problems?: unknown };
  return e[BRAND] === true && typeof e.kind === "string" && KINDS.has(e.kind) && Array.isArray(e.problems);
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
