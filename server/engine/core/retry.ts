/** Retry policy arithmetic: which failures are retried and how long to wait. */
import { DEFAULT_RETRY, type RetryPolicy } from "@/lib/workflow/schema";
import { ANY_ERROR } from "@/lib/workflow/errors";
import type { StepError } from "./types";

/** Whether a failed attempt (1-based) should be tried again under this policy. */
export function shouldRetry(policy: RetryPolicy | undefined, error: StepError, attempt: number): boolean {
  if (!policy || attempt >= policy.maxAttempts) return false;
  if (policy.retryOn) return policy.retryOn.some((k) => k === ANY_ERROR || k === error.kind);
  return error.retryable;
}

/**
 * The delay before attempt `attempt + 1`: initialDelay * backoffRate^(attempt-1),
 * capped at maxDelay; with full jitter, a uniform draw in [0, that].
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const initial = policy.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs;
  const rate = policy.backoffRate ?? DEFAULT_RETRY.backoffRate;
  const max = policy.maxDelayMs ?? Math.max(DEFAULT_RETRY.maxDelayMs, initial);
  const ceiling = Math.min(max, initial * rate ** (attempt - 1));
  const jitter = policy.jitter ?? DEFAULT_RETRY.jitter;
  return Math.round(jitter === "full" ? random() * ceiling : ceiling);
}
