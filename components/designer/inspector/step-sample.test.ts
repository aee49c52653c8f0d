import { describe, expect, it } from "vitest";
import { defaultSample } from "./step-sample";

describe("the sample data of 'Run this step'", () => {
  it("has the input's fields and the earlier steps' variables", () => {
    const scope = [
      { path: "$input", source: "" },
      { path: "$input.orderId", source: "", type: "string" },
      { path: "$input.amount", source: "", type: "number" },
      { path: "$customer", source: "" },
      { path: "$customer.tier", source: "", type: "string" },
      { path: "$flag", source: "", type: "boolean" },
      { path: "$result", source: "" },
      { path: "$run.id", source: "", type: "string" },
    ];
    expect(defaultSample(scope, { customer: { tier: "gold" } })).toEqual({
      input: { orderId: "", amount: 0 },
      customer: { tier: "gold" },
      flag: false,
    });
  });
});
