import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRIED,
  describeRetry,
  retriedKinds,
  retryDelays,
  retrySummary,
  scopeForDecision,
  scopeForFailure,
  scopeForInputs,
  scopeForUndo,
  withRetriedKinds,
  type ErrorMatcher,
} from "./tool-policy";

describe("retried problems", () => {
  it("shows the default set when none is named", () => {
    expect([...retriedKinds({ maxAttempts: 3 })]).toEqual(DEFAULT_RETRIED);
    expect([...retriedKinds({ maxAttempts: 3, retryOn: ["timeout"] })]).toEqual(["timeout"]);
  });
  it("leaves the default set implicit and orders the others", () => {
    expect(withRetriedKinds({ maxAttempts: 3, retryOn: ["timeout"] }, new Set(DEFAULT_RETRIED))).toEqual({ maxAttempts: 3 });
    const kinds = new Set<ErrorMatcher>(["timeout", "tool_error"]);
    expect(withRetriedKinds({ maxAttempts: 3 }, kinds)).toEqual({ maxAttempts: 3, retryOn: ["tool_error", "timeout"] });
    expect(withRetriedKinds({ maxAttempts: 3 }, new Set<ErrorMatcher>(["*", "timeout"]))).toEqual({
      maxAttempts: 3,
      retryOn: ["*"],
    });
  });
});

describe("describing retries", () => {
  it("lists the waits, capped by the longest wait", () => {
    expect(retryDelays({ maxAttempts: 4, initialDelayMs: 500, backoffRate: 2, maxDelayMs: 1500 })).toEqual([500, 1000, 1500]);
    expect(describeRetry({ maxAttempts: 3, initialDelayMs: 500, backoffRate: 2, jitter: "none" })).toBe(
      "Tries up to 3 times, waiting 0.5 s, then 1 s between tries.",
    );
    expect(describeRetry({ maxAttempts: 7 })).toMatch(
      /^Tries up to 7 times, waiting up to 0.5 s, then 1 s, then 2 s, then 4 s, …/,
    );
    expect(describeRetry({ maxAttempts: 1 })).toBe("Tries once: no retries.");
    expect(retrySummary(undefined)).toBe("Off");
  });
});

describe("scopes", () => {
  const scope = [
    { path: "$input", source: "Workflow input" },
    { path: "$customer", source: "Set by Look up" },
    { path: "$result", source: "This step's result" },
  ];
  it("leaves $result out of inputs", () => {
    expect(scopeForInputs(scope).map((v) => v.path)).toEqual(["$input", "$customer"]);
  });
  it("adds what the step keeps to its undo step", () => {
    expect(scopeForUndo(scope, { assign: { refund: "{% $result %}", customer: "x" } }).map((v) => v.path)).toEqual([
      "$input",
      "$customer",
      "$refund",
    ]);
  });
  it("adds the problem when failing", () => {
    expect(scopeForFailure(scope).map((v) => v.path)).toContain("$error.message");
  });
});

describe("decision scope", () => {
  it("spells out the parts of the answer once", () => {
    const paths = scopeForDecision([{ path: "$decision", source: "x" }]).map((v) => v.path);
    expect(paths.filter((p) => p === "$decision")).toHaveLength(1);
    expect(paths).toContain("$decision.option");
  });
});
