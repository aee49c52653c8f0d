import { describe, expect, it } from "vitest";
import { checkValue, type InputSchema } from "./input-schema";

const schema: InputSchema = {
  type: "object",
  properties: {
    email: { type: "string", format: "email" },
    amount: { type: "number", minimum: 0, maximum: 500 },
    count: { type: "integer" },
    tier: { type: "string", enum: ["gold", "silver"] },
    tags: { type: "array", items: { type: "string" } },
    address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
  required: ["email"],
};

describe("checkValue", () => {
  it("accepts a value that fits", () => {
    expect(
      checkValue(schema, { email: "a@b.co", amount: 10, count: 2, tier: "gold", tags: ["x"], address: { city: "Oslo" } }),
    ).toEqual([]);
  });

  it("names each invalid field and says what is wrong", () => {
    const problems = checkValue(schema, {
      amount: 900,
      count: 1.5,
      tier: "bronze",
      tags: ["x", 3],
      address: {},
    });
    expect(problems).toEqual([
      { path: ["email"], message: "is required" },
      { path: ["amount"], message: "must be at most 500" },
      { path: ["count"], message: "must be an integer, got number 1.5" },
      { path: ["tier"], message: 'must be one of "gold", "silver"' },
      { path: ["tags", 1], message: "must be a string, got number 3" },
      { path: ["address", "city"], message: "is required" },
    ]);
  });

  it("checks formats and refuses unexpected fields when the schema is closed", () => {
    const closed: InputSchema = { ...schema, additionalProperties: false };
    expect(checkValue(closed, { email: "nope", other: 1 })).toEqual([
      { path: ["email"], message: "must be a valid email" },
      { path: ["other"], message: "is not an expected field" },
    ]);
  });
});
