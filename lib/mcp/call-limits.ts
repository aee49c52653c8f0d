/**
 * How long a call may take in all when its server reports progress: each progress notification starts the call's time
 * limit again, up to 10x that limit and at most an hour (never less than the limit). Shared by the MCP connection
 * (which enforces it) and the executor (whose concurrency-slot lease must outlast it).
 */
export function progressTotalLimitMs(timeoutMs: number, chosen?: number): number {
  return Math.max(timeoutMs, chosen ?? Math.min(timeoutMs * 10, 60 * 60_000));
}
