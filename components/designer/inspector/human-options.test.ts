import { describe, expect, it } from "vitest";
import { newOption, optionIdNote } from "./human-options";

describe("newOption", () => {
  const existing = [{ id: "approve", label: "Approve", next: "refund" }];
  it("derives an unused id from the label", () => {
    expect(newOption("Approve the refund", existing, "refund")).toEqual({
      id: "approve_the_refund",
      label: "Approve the refund",
      next: "refund",
    });
    expect(newOption("Approve", existing, "x").id).toBe("approve_2");
    expect(newOption("  ", existing, "x")).toMatchObject({ id: "option_2", label: "Option 2" });
    expect(newOption("42 days", [], "x").id).toBe("s_42_days");
  });
  it("describes the id", () => {
    expect(optionIdNote({ id: "approve", label: "Approve", next: "x" })).toBe('Recorded as "approve"');
  });
});
