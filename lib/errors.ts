/**
 * Typed, serializable application errors, shared by server and UI. Services throw AppError; the tRPC
 * layer maps its kind to an HTTP-like code and sends `problems` to the client.
 */
import type { Problem } from "./workflow/problems";

export type AppErrorKind = "not_found" | "invalid" | "conflict" | "forbidden" | "unavailable" | "unauthorized" | "rate_limited";

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

export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
