import { describe, expect, it } from "vitest";
import { compareVersions, diffDefinitions, summarizeDiff } from "./diff";

const v1 = {
  name: "Refunds",
  startAt: "a",
  input: { type: "object", properties: { id: { type: "string" } } },
  states: {
    a: { type: "tool", title: "Look up", server: "crm", tool: "find", next: "b", retry: { maxAttempts: 3 } },
    b: { type: "succeed" },
    c: { type: "fail", title: "Old failure" },
  },
  layout: { a: { x: 0, y: 0 } },
};

describe("version diff", () => {
  it("names added, removed and changed steps with what changed", () => {
    const v2 = {
      ...v1,
      name: "Refunds EU",
      states: {
        a: { type: "tool", title: "Look up", server: "crm", tool: "find", next: "d", retry: { maxAttempts: 5 } },
        b: { type: "succeed" },
        d: { type: "wait", title: "Cool down", seconds: 5, next: "b" },
      },
      layout: { a: { x: 99, y: 0 } },
    };
    const diff = diffDefinitions(v1, v2);
    expect(diff.steps).toEqual([
      { id: "a", title: "Look up", change: "changed", parts: ["next step", "retries"] },
      { id: "d", title: "Cool down", change: "added", parts: [] },
      { id: "c", title: "Old failure", change: "removed", parts: [] },
    ]);
    expect(summarizeDiff(diff)).toBe('1 step added, 1 changed, 1 removed; renamed to "Refunds EU"');
  });

  it("ignores moves on the canvas", () => {
    const moved = { ...v1, layout: { a: { x: 300, y: 40 } } };
    expect(summarizeDiff(diffDefinitions(v1, moved))).toBe("No changes to the steps (only their positions)");
  });

  it("reports input and start changes", () => {
    const v2 = { ...v1, startAt: "b", input: { type: "object", properties: {} } };
    expect(diffDefinitions(v1, v2).other).toEqual(['Starts at "b"', "Input fields changed"]);
  });
});

describe("comparing two versions", () => {
  it("draws the newer version with the removed steps kept where they stood, each step marked", () => {
    const v2 = {
      ...v1,
      states: {
        a: { type: "tool", title: "Look up", server: "crm", tool: "find", next: "d" },
        b: { type: "succeed" },
        d: { type: "wait", title: "Cool down", seconds: 5, next: "b" },
      },
      layout: { a: { x: 10, y: 0 }, d: { x: 0, y: 200 } },
    };
    const old = { ...v1, layout: { a: { x: 0, y: 0 }, c: { x: 400, y: 80 } } };
    const { definition, marks, diff } = compareVersions(old, v2);
    expect(Object.keys(definition.states as object).sort()).toEqual(["a", "b", "c", "d"]);
    expect(definition.layout).toEqual({ a: { x: 10, y: 0 }, d: { x: 0, y: 200 }, c: { x: 400, y: 80 } });
    expect(marks.a).toMatchObject({ change: "changed", parts: ["next step", "retries"] });
    expect(marks.d?.change).toBe("added");
    expect(marks.c?.change).toBe("removed");
    expect(marks.b).toBeUndefined();
    expect(diff.steps).toHaveLength(3);
  });

  it("marks nothing when comparing a version with itself", () => {
    const { marks, definition } = compareVersions(v1, v1);
    expect(marks).toEqual({});
    expect(definition.states).toEqual(v1.states);
  });
});
