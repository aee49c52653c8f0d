/**
 * Streamable HTTP sessions: a server that restarted (or expired the session) answers a request carrying the old
 * session id with 404 (the specification) or, for many SDK-based servers, 400 "No valid session ID". Either way the
 * request was not processed and the client must initialize a new session.
 */
import { McpCallError } from "./errors";

export function isSessionGone(err: unknown): boolean {
  if (!(err instanceof McpCallError)) return false;
  const status = err.details.httpStatus;
  if (status === 404) return true;
  const cause = err.details.cause instanceof Error ? err.details.cause.message : "";
  return status === 400 && /session/i.test(`${cause} ${err.message}`);
}

/** Settles with `work`, or fails when `ms` pass or `signal` aborts first (`work` goes on; its outcome is handled elsewhere). */
export async function within<T>(
  work: Promise<T>,
  ms: number,
  signal: AbortSignal | undefined,
  errors: { late: () => Error; aborted: () => Error },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(errors.late()), Math.max(0, ms));
    onAbort = () => reject(errors.aborted());
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
