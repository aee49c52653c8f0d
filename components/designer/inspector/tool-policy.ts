/** Pure helpers behind the tool step's retry, failure and data settings. */
import { ANY_ERROR, ERROR_KINDS, type ErrorKind } from "@/lib/workflow/errors";
import { DEFAULT_RETRY, type RetryPolicy, type ToolState } from "@/lib/workflow/schema";
import type { ScopeVariable } from "@/lib/workflow/scope";
import { formatSeconds } from "./numbers";

export type ErrorMatcher = ErrorKind | typeof ANY_ERROR;

/**
 * The problems retried when a policy names none: the retryable ones
 * (mirrors RETRYABLE in server/mcp/errors.ts, plus an open breaker).
 */
export const DEFAULT_RETRIED: readonly ErrorKind[] = [
  "tool_error",
  "timeout",
  "connection_lost",
  "server_unavailable",
  "breaker_open",
];

export const NEW_RETRY: RetryPolicy = { maxAttempts: 3, ...DEFAULT_RETRY };

/** The problems a policy retries, as checkbox states. */
export function retriedKinds(policy: RetryPolicy): ReadonlySet<ErrorMatcher> {
  return new Set(policy.retryOn ?? DEFAULT_RETRIED);
}

/** A policy retrying exactly `kinds` (in the usual order); the default set is left implicit. */
export function withRetriedKinds(policy: RetryPolicy, kinds: ReadonlySet<ErrorMatcher>): RetryPolicy {
  const { retryOn: _old, ...rest } = policy;
  if (kinds.has(ANY_ERROR)) return { ...rest, retryOn: [ANY_ERROR] };
  const ordered = ERROR_KINDS.filter((k) => kinds.has(k));
  const isDefault = ordered.length === DEFAULT_RETRIED.length && ordered.every((k) => DEFAULT_RETRIED.includes(k));
  if (isDefault || ordered.length === 0) return rest;
  return { ...rest, retryOn: ordered };
}

/** The waits between attempts (before jitter), in milliseconds. */
export function retryDelays(policy: RetryPolicy): number[] {
  const initial = policy.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs;
  const rate = policy.backoffRate ?? DEFAULT_RETRY.backoffRate;
  const max = policy.maxDelayMs ?? Math.max(DEFAULT_RETRY.maxDelayMs, initial);
  const delays: number[] = [];
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) delays.push(Math.min(max, initial * rate ** (attempt - 1)));
  return delays;
}

/** "Tries up to 3 times, waiting up to 0.5 s, then 1 s." */
export function describeRetry(policy: RetryPolicy): string {
  if (policy.maxAttempts <= 1) return "Tries once: no retries.";
  const delays = retryDelays(policy);
  const shown = delays.slice(0, 4).map((ms) => formatSeconds(ms / 1000));
  const more = delays.length > 4 ? ", …" : "";
  const jitter = (policy.jitter ?? DEFAULT_RETRY.jitter) === "full" ? "up to " : "";
  return `Tries up to ${policy.maxAttempts} times, waiting ${jitter}${shown.join(", then ")}${more} between tries.`;
}

/** One-line summary of a step's retries for a closed section. */
export function retrySummary(policy: RetryPolicy | undefined): string {
  return policy ? `${policy.maxAttempts} attempts` : "Off";
}

const BOUND_BY_STEP = new Set(["$result", "$decision", "$event.payload", "$event.key"]);

/** The data usable in a step's inputs: not what only exists while keeping its result. */
export function scopeForInputs(scope: readonly ScopeVariable[]): ScopeVariable[] {
  return scope.filter((v) => !BOUND_BY_STEP.has(v.path));
}

/** The data usable in an undo step: the inputs' data plus what this step kept. */
export function scopeForUndo(scope: readonly ScopeVariable[], state: Pick<ToolState, "assign">): ScopeVariable[] {
  const base = scopeForInputs(scope);
  const seen = new Set(base.map((v) => v.path));
  const own = Object.keys(state.assign ?? {})
    .map((name) => `$${name}`)
    .filter((path) => !seen.has(path))
    .map((path) => ({ path, source: "Kept by this step" }));
  return [...base, ...own];
}

/** The data usable when a step failed: the inputs' data plus the problem ($error). */
export function scopeForFailure(scope: readonly ScopeVariable[]): ScopeVariable[] {
  return [
    ...scopeForInputs(scope),
    { path: "$error", source: "The problem", type: "object" },
    { path: "$error.kind", source: "The problem", type: "string" },
    { path: "$error.message", source: "The problem", type: "string" },
  ];
}

/** The data usable when keeping a person's answer: $decision and its parts. */
export function scopeForDecision(scope: readonly ScopeVariable[]): ScopeVariable[] {
  const source = "The person's answer";
  return [
    ...scope.filter((v) => v.path !== "$decision"),
    { path: "$decision", source, type: "object" },
    { path: "$decision.option", source, type: "string", description: "The id of the option chosen" },
    { path: "$decision.label", source, type: "string" },
    { path: "$decision.data", source, type: "object", description: "The details filled in" },
    { path: "$decision.by", source, type: "string", description: "Who answered" },
  ];
}
