import { describe, expect, it } from "vitest";
import { innerStatus } from "./inner-status";
import type { FanoutSummary } from "@/lib/runs/fanout-summary";

const branch = (name: string, over: Partial<NonNullable<FanoutSummary["branches"]>[number]> = {}) => ({
  name,
  id: `run1.lookup.1.${name}`,
  status: "succeeded",
  path: ["get", "search", "done"],
  current: null,
  reused: [],
  failure: null,
  ...over,
});

const fanouts: FanoutSummary[] = [
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

  describe("a parallel or map step a re-run took over from the run it re-ran", () => {
    const reused: FanoutSummary[] = [
      {
        ...fanouts[0]!,
        prefix: "run0.lookup.1",
        reusedFrom: "run0",
        branches: [
          branch("order", { id: "run0.lookup.1.order", path: ["get", "search", "done"] }),
          branch("customer", { id: "run0.lookup.1.customer", status: "failed", path: ["get"], failure: "Not found" }),
          branch("short", { id: "run0.lookup.1.short", path: ["get", "done"] }),
        ],
      },
      { ...fanouts[1]!, prefix: "run0.each.1", reusedFrom: "run0", counts: { succeeded: 2 }, at: [] },
    ];
    it.each([
      ["a step its branch passed", "lookup::order::search", { tone: "succeeded", label: "Reused from the earlier run" }],
      ["the branch's end", "lookup::order::done", { tone: "succeeded", label: "Reused from the earlier run" }],
      ["a step the branch skipped", "lookup::short::search", { tone: "idle", label: "Not reached" }],
      [
        "the step a failed branch ended at",
        "lookup::customer::get",
        { tone: "failed", label: "Failed in the earlier run: Not found" },
      ],
      ["an item body step", "each::each::find", { tone: "succeeded", label: "Reused from the earlier run" }],
    ])("%s", (_, nodeId, expected) => {
      expect(innerStatus(reused, nodeId)).toEqual(expected);
    });
  });

  it("leaves top-level steps to the run's own overlay", () => {
    expect(innerStatus(fanouts, "lookup")).toBeUndefined();
  });
});
