import { describe, expect, it } from "vitest";
import { decodePinned, encodePinned, pinOf, sampleSchema, setPin, withoutPins, withPinsForTest } from "./pins";
import { scopeAt } from "./scope";
import { definitionSchema } from "./schema";

const doc = {
  schemaVersion: 1,
  name: "Pins",
  startAt: "lookup",
  states: {
    lookup: {
      type: "tool",
      title: "Look up",
      server: "crm",
      tool: "get",
      input: {},
      assign: { customer: "{% $result %}" },
      next: "done",
    },
    done: { type: "succeed" },
  },
};

describe("pinned outputs", () => {
  it("describe a sample's fields, bounded", () => {
    expect(sampleSchema({ id: 7, tier: "gold", tags: ["a"], address: { city: "Oslo" }, x: null })).toEqual({
      type: "object",
      properties: {
        id: { type: "integer" },
        tier: { type: "string" },
        tags: { type: "array", items: { type: "string" } },
        address: { type: "object", properties: { city: { type: "string" } } },
        x: { type: "null" },
      },
    });
    expect(sampleSchema({ a: { b: { c: { d: { e: 1 } } } } })).toMatchObject({
      properties: { a: { properties: { b: { properties: { c: { properties: { d: { type: "object" } } } } } } } },
    });
    expect(
      Object.keys(sampleSchema(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))).properties as object),
    ).toHaveLength(60);
  });

  it("are set and removed on the draft, and checked by the schema", () => {
    const pinned = setPin(doc, "lookup", { output: { id: 7, tier: "gold" }, pinnedAt: "2026-12-07T12:00:00.000Z" });
    expect(pinOf(pinned, "lookup")?.output).toEqual({ id: 7, tier: "gold" });
    expect(definitionSchema.safeParse(pinned).success).toBe(true);
    expect(setPin(pinned, "lookup", undefined)).not.toHaveProperty("pins");
    const huge = setPin(doc, "lookup", { output: "x".repeat(70_000), pinnedAt: "now" });
    expect(definitionSchema.safeParse(huge).success).toBe(false);
  });

  it("give later steps the fields of the sample (scope)", () => {
    const pinned = setPin(doc, "lookup", { output: { id: 7, tier: "gold" }, pinnedAt: "t" });
    const schemaOf = (state: Record<string, unknown>) =>
      state === (pinned.states as Record<string, unknown> | undefined)?.lookup
        ? sampleSchema(pinOf(pinned, "lookup")?.output)
        : undefined;
    const paths = scopeAt(pinned as never, "done", schemaOf).map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(["$customer", "$customer.id", "$customer.tier"]));
  });

  it("turn pinned tool steps into the built-in 'pinned' call in a test snapshot only, and never reach a published one", () => {
    const pinned = setPin(doc, "lookup", { output: { note: "{% $evil %}", ünï: "çødé" }, pinnedAt: "t" });
    const test = withPinsForTest(pinned) as typeof doc;
    expect(test).not.toHaveProperty("pins");
    expect(test.states.lookup).toMatchObject({
      type: "tool",
      title: "Look up (pinned output)",
      server: "switchyard",
      tool: "pinned",
      assign: { customer: "{% $result %}" },
      next: "done",
    });
    const input = (test.states.lookup as unknown as { input: { output: string } }).input;
    expect(input.output).not.toContain("{%");
    expect(decodePinned(input.output)).toEqual({ note: "{% $evil %}", ünï: "çødé" });
    expect(withoutPins(pinned)).toEqual(doc);
    expect(withPinsForTest(doc)).toEqual(doc);
    expect(decodePinned(encodePinned([1, "two"]))).toEqual([1, "two"]);
  });
});
