import { describe, expect, it } from "vitest";
import { eventLabel } from "./event-label";

describe("the timeline's words for branch and item events", () => {
  it("names the branch or the item (1-based) that finished, and how", () => {
    expect(eventLabel({ type: "child_finished", childId: "run_1.look_up.1.customer", status: "succeeded" })).toBe(
      "Branch “customer” finished",
    );
    expect(eventLabel({ type: "child_finished", childId: "run_1.each.1.4~2", status: "failed" })).toBe("Item 5 failed");
    expect(eventLabel({ type: "children_collected", prefix: "run_1.each.1", results: [1, 2, 3] })).toBe(
      "Collected the results of 3 items",
    );
  });
});
