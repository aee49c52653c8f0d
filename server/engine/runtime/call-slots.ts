/**
 * At most N calls in flight per MCP server, shared by every worker (a limit set per server). A call over the limit
 * waits for a free slot (queued, never failed); its timeout and cancellation still apply while it waits.
 */
export interface CallSlots {
  /**
   * Takes a slot for the call, waiting while the server is at its limit; resolves with the release, or null when the
   * server has no limit. Rejects if `signal` aborts while waiting.
   */
  acquire(server: string, callId: string, leaseMs: number, signal: AbortSignal): Promise<(() => Promise<void>) | null>;
}
