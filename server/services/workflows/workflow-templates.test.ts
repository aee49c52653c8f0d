import { describe, expect, it } from "vitest";
import { loadTemplates } from "./workflow-templates";

describe("workflow templates", () => {
  it("offers the shipped example workflows, valid, with their names", () => {
    const list = loadTemplates();
    expect(list.map((t) => t.id)).toContain("support-escalation");
    expect(list.find((t) => t.id === "support-escalation")).toMatchObject({ name: "Customer support escalation", steps: 9 });
  });
  it("offers none where no examples are shipped", () => {
    expect(loadTemplates("/nonexistent-dir")).toEqual([]);
  });
});
