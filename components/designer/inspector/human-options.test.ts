import { describe, expect, it } from "vitest";
import { newOption, optionIdNote, relabelOption } from "./human-options";

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

describe("relabelOption", () => {
  const options = [
    { id: "approve", label: "Approve", next: "" },
    { id: "reject", label: "Reject", next: "" },
  ];
  it("renames the id with the label while it is the one made from the label", () => {
    const [approve] = options;
    expect(relabelOption(approve!, "Use billing", options)).toMatchObject({ id: "use_billing", label: "Use billing" });
    expect(relabelOption(approve!, "Reject", options).id).toBe("reject_2");
  });
  it("keeps an id that was set otherwise, and keeps the id while the label is empty", () => {
    const custom = { id: "ok", label: "Approve", next: "" };
    expect(relabelOption(custom, "Use billing", [custom]).id).toBe("ok");
    expect(relabelOption(options[0]!, "", options).id).toBe("approve");
    expect(relabelOption({ id: "approve", label: "", next: "" }, "Use shipping", options).id).toBe("use_shipping");
  });
});
