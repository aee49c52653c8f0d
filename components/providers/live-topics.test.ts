import { describe, expect, it } from "vitest";
import { TAB_EXPIRY_MS, toInput, topicOf, unionTopics, type TabTopics } from "./live-topics";

describe("live topics", () => {
  it("joins what every tab follows, once, and forgets tabs not heard from", () => {
    const others = new Map<string, TabTopics>([
      ["a", { topics: ["workflows", "run:r1"], at: 1000 }],
      ["b", { topics: ["run:r2", "escalations"], at: 1000 }],
      ["gone", { topics: ["run:r9"], at: 1000 - TAB_EXPIRY_MS }],
    ]);
    expect(unionTopics(["escalations", "run:r1"], others, 1000)).toEqual(["escalations", "run:r1", "run:r2", "workflows"]);
  });

  it("turns topics into the stream's input", () => {
    expect(toInput(["escalations", "run:r1", "run:r2"])).toEqual({ workflows: false, escalations: true, runs: ["r1", "r2"] });
    const many = Array.from({ length: 60 }, (_, i) => `run:r${String(i).padStart(2, "0")}` as const);
    expect(toInput(many).runs).toHaveLength(50);
  });

  it("names the topic of a change", () => {
    expect(topicOf({ topic: "run", runId: "r1", status: "running" })).toBe("run:r1");
    expect(topicOf({ topic: "workflows" })).toBe("workflows");
  });
});
