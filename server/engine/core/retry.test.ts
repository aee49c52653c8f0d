import { describe, expect, it } from "vitest";
import { backoffDelay, shouldRetry } from "./retry";

const policy = { maxAttempts: 4, initialDelayMs: 100, backoffRate: 2, maxDelayMs: 300 };
const err = (kind: "timeout" | "invalid_input" | "tool_error", retryable: boolean) => ({ kind, message: "x", retryable });

describe("backoffDelay", () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 300], // 400 capped at maxDelay
    [4, 300],
  ])("without jitter, attempt %i waits %i ms", (attempt, expected) => {
    expect(backoffDelay({ ...policy, jitter: "none" }, attempt, () => 0.5)).toBe(expected);
  });

  it("with full jitter draws uniformly between 0 and the capped delay", () => {
    expect(backoffDelay({ ...policy, jitter: "full" }, 2, () => 0)).toBe(0);
    expect(backoffDelay({ ...policy, jitter: "full" }, 2, () => 0.5)).toBe(100);
    expect(backoffDelay({ ...policy, jitter: "full" }, 3, () => 0.999999)).toBe(300);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay({ ...policy, jitter: "full" }, 3, Math.random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(300);
    }
  });
});

describe("shouldRetry", () => {
  it.each([
    ["a retryable error before the last attempt", policy, err("timeout", true), 1, true],
    ["the last attempt", policy, err("timeout", true), 4, false],
    ["an error that is not retryable", policy, err("invalid_input", false), 1, false],
    ["no policy", undefined, err("timeout", true), 1, false],
    ["an error kind outside retryOn", { ...policy, retryOn: ["timeout" as const] }, err("tool_error", true), 1, false],
    [
      "an error kind named in retryOn, even if not retryable",
      { ...policy, retryOn: ["invalid_input" as const] },
      err("invalid_input", false),
      1,
      true,
    ],
    ["any error with *", { ...policy, retryOn: ["*" as const] }, err("invalid_input", false), 2, true],
  ])("%s", (_label, p, e, attempt, expected) => {
    expect(shouldRetry(p, e, attempt)).toBe(expected);
  });
});
