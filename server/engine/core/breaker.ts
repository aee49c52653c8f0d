/**
 * A circuit breaker per MCP server, as plain data. It opens when the failure
 * rate over the last `window` calls exceeds `failureRate` (with at least
 * `minCalls` calls seen), lets one probe through after `coolDownMs`
 * (half-open), and closes when the probe succeeds.
 */
export interface BreakerConfig {
  window: number;
  failureRate: number;
  minCalls: number;
  coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerConfig = { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 30_000 };

export interface BreakerState {
  status: "closed" | "open" | "half_open";
  /** Outcomes of the last calls, newest last: true = success. */
  outcomes: boolean[];
  openedAt: number | null;
  /** When the half-open probe was let through (one at a time). */
  probeAt: number | null;
}

export const CLOSED: BreakerState = { status: "closed", outcomes: [], openedAt: null, probeAt: null };

export type Admission = { allow: true; probe: boolean } | { allow: false; retryAt: number };

/** May a call go through now? A half-open breaker lets a single probe through. */
export function admit(
  b: BreakerState,
  now: number,
  cfg: BreakerConfig = DEFAULT_BREAKER,
): { admission: Admission; next: BreakerState } {
  if (b.status === "closed") return { admission: { allow: true, probe: false }, next: b };
  const coolEnd = (b.openedAt ?? now) + cfg.coolDownMs;
  if (b.status === "open" && now < coolEnd) return { admission: { allow: false, retryAt: coolEnd }, next: b };
  // Cool-down over (or half-open): one probe at a time; a probe that never reported back is replaced after another cool-down.
  if (b.probeAt !== null && now < b.probeAt + cfg.coolDownMs)
    return { admission: { allow: false, retryAt: b.probeAt + cfg.coolDownMs }, next: b };
  return { admission: { allow: true, probe: true }, next: { ...b, status: "half_open", probeAt: now } };
}

/** Records a call's outcome. Only outcomes that say something about the server count (see countsForBreaker). */
export function record(b: BreakerState, ok: boolean, now: number, cfg: BreakerConfig = DEFAULT_BREAKER): BreakerState {
  // While open, late outcomes of calls that started before it opened change nothing; only the probe decides.
  if (b.status === "open") return b;
  if (b.status === "half_open")
    return ok ? { ...CLOSED } : { status: "open", outcomes: b.outcomes, openedAt: now, probeAt: null };
  const outcomes = [...b.outcomes, ok].slice(-cfg.window);
  const failures = outcomes.filter((o) => !o).length;
  if (outcomes.length >= cfg.minCalls && failures / outcomes.length > cfg.failureRate) {
    return { status: "open", outcomes, openedAt: now, probeAt: null };
  }
  return { ...b, outcomes };
}

/** Errors that mean the server is unwell (not the caller's input). */
export function countsForBreaker(kind: string): boolean {
  return (
    kind === "timeout" ||
    kind === "connection_lost" ||
    kind === "server_unavailable" ||
    kind === "tool_error" ||
    kind === "protocol_error"
  );
}
