import { describe, expect, it } from "vitest";
import { runOverlay, type RunForOverlay } from "./run-overlay";

const definition = { states: { a: { retry: { maxAttempts: 3 } }, b: {}, c: {}, d: {} } };
const base: RunForOverlay = {
  status: "running",
  currentState: "b",
  path: ["a", "b"],
  pending: null,
  error: null,
  attempts: [],
  definition,
};

describe("run overlay on the canvas", () => {
  it("marks passed steps done, the current one running and the rest not yet drawn", () => {
    const o = runOverlay({ ...base, pending: { type: "call", stateId: "b", attempt: 1, purpose: "step" } });
    expect(o.statusOf("a")).toEqual({ tone: "succeeded", label: "Done" });
    expect(o.statusOf("b")).toEqual({ tone: "running", label: "Running…" });
    expect(o.statusOf("c")).toEqual({ tone: "idle", label: "Not reached yet" });
    expect(o.pathPairs).toEqual([["a", "b"]]);
  });

  it("shows a retry with its attempt out of the policy's maximum", () => {
    const run: RunForOverlay = {
      ...base,
      status: "retrying",
      currentState: "a",
      path: ["a"],
      pending: { type: "timer", stateId: "a", reason: "retry", wakeAt: Date.UTC(2026, 0, 1) },
      attempts: [{ stateId: "a", attempt: 1, purpose: "step", status: "failed", fromCache: false }],
    };
    expect(runOverlay(run).statusOf("a")?.label).toMatch(/^Retrying at .* \(attempt 2 of 3\)$/);
    expect(runOverlay({ ...run, pending: { type: "call", stateId: "a", attempt: 2, purpose: "step" } }).statusOf("a")).toEqual({
      tone: "retrying",
      label: "Running attempt 2 of 3",
    });
  });

  it("shows waits for a person and for an open breaker", () => {
    expect(
      runOverlay({ ...base, status: "waiting", pending: { type: "human", stateId: "b", reason: "human_step" } }).statusOf("b"),
    ).toEqual({
      tone: "waiting",
      label: "Waiting for a person",
    });
    const breaker = runOverlay({ ...base, pending: { type: "timer", stateId: "b", reason: "breaker", wakeAt: 0 } }).statusOf("b");
    expect(breaker?.tone).toBe("waiting");
    expect(breaker?.label).toMatch(/breaker/);
  });

  it("after the end: failed where it stopped, undone steps, cached results, and steps never reached", () => {
    const run: RunForOverlay = {
      ...base,
      status: "compensated",
      currentState: "c",
      path: ["a", "b", "c"],
      error: { message: "timeout" },
      attempts: [
        { stateId: "a", attempt: 1, purpose: "step", status: "succeeded", fromCache: true },
        { stateId: "b", attempt: 1, purpose: "step", status: "succeeded", fromCache: false },
        { stateId: "b", attempt: 1, purpose: "compensation", status: "succeeded", fromCache: false },
      ],
    };
    const o = runOverlay(run);
    expect(o.statusOf("a")).toEqual({ tone: "succeeded", label: "Done (result from cache)" });
    expect(o.statusOf("b")).toEqual({ tone: "compensated", label: "Undone" });
    expect(o.statusOf("c")).toEqual({ tone: "failed", label: "Failed: timeout" });
    expect(o.statusOf("d")).toEqual({ tone: "idle", label: "Not reached" });
  });

  it("marks the step whose failure ended the run, even after a catch route moved on", () => {
    const o = runOverlay({
      ...base,
      status: "failed",
      currentState: null,
      path: ["a", "b", "c"],
      failedStep: "b",
      error: { message: "timed out" },
    });
    expect(o.statusOf("b")).toEqual({ tone: "failed", label: "Failed: timed out" });
    expect(o.statusOf("a")).toEqual({ tone: "succeeded", label: "Done" });
  });

  it("shows steps a person skipped, and steps a re-run reused from its parent", () => {
    const o = runOverlay({
      ...base,
      path: ["a", "b", "c"],
      currentState: "c",
      skipped: ["b"],
      reused: { runId: "run_parent", states: ["a"] },
    });
    expect(o.statusOf("a")).toEqual({ tone: "succeeded", label: "Reused from the earlier run" });
    expect(o.statusOf("b")).toEqual({ tone: "skipped", label: "Skipped by a person" });
  });

  it("shows an agent step's spend against its budgets on its node", () => {
    const o = runOverlay({
      ...base,
      definition: { states: { ...definition.states, b: { type: "agent", budgets: { maxTurns: 8, maxCostUsd: 0.5 } } } },
      pending: { type: "model", stateId: "b", attempt: 1 },
      agents: [{ stateId: "b", turns: [{}, {}], spend: { inputTokens: 1200, outputTokens: 34, costUsd: 0.0123 } }],
    });
    expect(o.statusOf("b")).toEqual({ tone: "running", label: "Agent thinking… · 2 of 8 turns · 1,234 tokens · $0.01 of $0.50" });
    expect(o.statusOf("a").label).toBe("Done");
  });
});
