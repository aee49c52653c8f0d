/**
 * A circuit breaker per MCP server, as plain data. It opens on a failure that
 * brings the failure rate over the last `window` calls above `failureRate`,
 * and only once the window holds at least `minCalls` calls (by default the
 * whole window); it lets one probe through after `coolDownMs` (half-open) and
 * closes when the probe reaches the server. Which error kinds count as a
 * failure is part of the configuration: by default only the server being
 * unavailable (connection lost, timeout, transport or 5xx errors, protocol
 * errors), never a tool that answered with an error or rejected its input.
 */
import type { ErrorKind } from "@/lib/workflow/errors";

export interface BreakerConfig {
  window: number;
  failureRate: number;
  minCalls: number;
  coolDownMs: number;
  /** The error kinds that count as a failure of the server (default UNAVAILABLE_KINDS); every other outcome shows it reachable. */
  failureKinds?: readonly ErrorKind[] | undefined;
}

/** The server could not be used: these say something about the server, not about the call. */
export const UNAVAILABLE_KINDS: readonly ErrorKind[] = ["timeout", "connection_lost", "server_unavailable", "protocol_error"];

/** Kinds an admin may add: the tool answered, but with an error or a refusal of its input. */
export const ANSWERED_KINDS: readonly ErrorKind[] = ["tool_error", "invalid_input"];

export const DEFAULT_BREAKER: BreakerConfig = {
  window: 10,
  failureRate: 0.3,
  minCalls: 10,
  coolDownMs: 30_000,
  failureKinds: UNAVAILABLE_KINDS,
};

export interface BreakerState {
  status: "closed" | "open" | "half_open";
  /** Outcomes of the last calls, newest last: true = the server was reachable. */
  outcomes: boolean[];
  openedAt: number | null;
  /** When the half-open probe was let through (one at a time). */
  probeAt: number | null;
  /** The last failures that counted (newest last, at most 5), for the Servers page. */
  failures?: { at: number; kind: string; message: string }[] | undefined;
  /** Set when an admin opened or closed it by hand. */
  manual?: { by: string; at: number } | null | undefined;
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
  // Opened by hand: it stays open until an admin closes it (runs look again after each cool-down).
  if (b.status === "open" && b.manual) return { admission: { allow: false, retryAt: now + cfg.coolDownMs }, next: b };
  const coolEnd = (b.openedAt ?? now) + cfg.coolDownMs;
  if (b.status === "open" && now < coolEnd) return { admission: { allow: false, retryAt: coolEnd }, next: b };
  // Cool-down over (or half-open): one probe at a time; a probe that never reported back is replaced after another cool-down.
  if (b.probeAt !== null && now < b.probeAt + cfg.coolDownMs)
    return { admission: { allow: false, retryAt: b.probeAt + cfg.coolDownMs }, next: b };
  return { admission: { allow: true, probe: true }, next: { ...b, status: "half_open", probeAt: now } };
}

/** When the next probe may go through (null when closed). */
export function nextProbeAt(b: BreakerState, cfg: BreakerConfig = DEFAULT_BREAKER): number | null {
  if (b.status === "closed" || (b.status === "open" && b.manual)) return null;
  if (b.probeAt !== null) return b.probeAt + cfg.coolDownMs;
  return (b.openedAt ?? 0) + cfg.coolDownMs;
}

/** A call's outcome as the breaker sees it: null = the server answered; else the kind of error. */
export type CallOutcome = { ok: true } | { ok: false; kind: ErrorKind; message: string };

/** Does this outcome count as a failure of the server under this configuration? */
export function isFailure(outcome: CallOutcome, cfg: BreakerConfig = DEFAULT_BREAKER): boolean {
  return !outcome.ok && (cfg.failureKinds ?? UNAVAILABLE_KINDS).includes(outcome.kind);
}

/**
 * Records a call's outcome. An outcome that does not count as a failure (a success, or an error kind the server's
 * settings do not count) shows the server reachable. The breaker opens only on a failure, and only once the window
 * holds at least `minCalls` calls.
 */
export function record(
  b: BreakerState,
  outcome: CallOutcome | boolean,
  now: number,
  cfg: BreakerConfig = DEFAULT_BREAKER,
): BreakerState {
  const o: CallOutcome =
    typeof outcome === "boolean" ? (outcome ? { ok: true } : { ok: false, kind: "server_unavailable", message: "" }) : outcome;
  const failed = isFailure(o, cfg);
  const failures =
    failed && !o.ok ? [...(b.failures ?? []), { at: now, kind: o.kind, message: o.message }].slice(-5) : b.failures;
  // While open, late outcomes of calls that started before it opened change nothing; only the probe decides.
  if (b.status === "open") return b;
  if (b.status === "half_open")
    return failed
      ? { ...b, status: "open", openedAt: now, probeAt: null, failures, manual: null }
      : { ...CLOSED, failures: b.failures };
  const outcomes = [...b.outcomes, !failed].slice(-cfg.window);
  const failing = outcomes.filter((x) => !x).length;
  const minCalls = Math.min(cfg.minCalls, cfg.window);
  if (failed && outcomes.length >= minCalls && failing / outcomes.length > cfg.failureRate) {
    return { ...b, status: "open", outcomes, openedAt: now, probeAt: null, failures, manual: null };
  }
  return { ...b, outcomes, failures };
}

/** An admin opens or closes a breaker by hand (the window starts afresh either way). */
export function setByHand(b: BreakerState, to: "open" | "closed", by: string, now: number): BreakerState {
  if (to === "closed") return { ...CLOSED, failures: b.failures, manual: { by, at: now } };
  return { ...b, status: "open", outcomes: [], openedAt: now, probeAt: null, manual: { by, at: now } };
}
