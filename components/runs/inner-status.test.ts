import { describe, expect, it } from "vitest";
import { innerStatus } from "./inner-status";
import type { FinishedFanout } from "./fanout-links";

const branch = (name: string, over: Partial<NonNullable<FinishedFanout["branches"]>[number]> = {}) => ({
  name,
  id: `run1.lookup.1.${name}`,
  status: "succeeded",
  path: ["get", "search", "done"],
  current: null,
  reused: [],
  failure: null,
  ...over,
});

const fanouts: FinishedFanout[] = [
  {
    stateId: "lookup",
    kind: "parallel",
    prefix: "run1.lookup.1",
    counts: { succeeded: 1, failed: 1 },
    branches: [
      branch("order"),
      branch("customer", { status: "failed", path: ["get"], failure: "Not found" }),
      branch("again", { reused: ["get"], path: ["get", "search", "done"] }),
      branch("never", { status: null, path: [] }),
    ],
  },
  {
    stateId: "each",
    kind: "map",
    prefix: "run1.each.1",
    counts: { running: 2 },
    at: [{ stateId: "find", status: "running", count: 2 }],
  },
];

describe("the run canvas's status of a step inside a branch or item body", () => {
  it.each([
    ["a step the branch passed", "lookup::order::search", { tone: "succeeded", label: "Done" }],
    ["the step a failed branch ended at", "lookup::customer::get", { tone: "failed", label: "Failed: Not found" }],
    ["a step after it", "lookup::customer::search", { tone: "idle", label: "Not reached" }],
    ["a step a re-run's branch reused", "lookup::again::get", { tone: "succeeded", label: "Reused from the earlier run" }],
    ["a step the re-run's branch ran", "lookup::again::search", { tone: "succeeded", label: "Done" }],
    ["a branch never started", "lookup::never::get", { tone: "idle", label: "Not reached" }],
    ["an item body step with items at it", "each::each::find", { tone: "running", label: "2 items here" }],
    ["an item body step without", "each::each::search", { tone: "idle", label: "In each item: open an item for its steps" }],
    ["a step of a group the run did not finish", "other::a::b", { tone: "idle", label: "Not reached" }],
  ])("%s", (_, nodeId, expected) => {
    expect(innerStatus(fanouts, nodeId)).toEqual(expected);
  });

  it("leaves top-level steps to the run's own overlay", () => {
    expect(innerStatus(fanouts, "lookup")).toBeUndefined();
  });
});
