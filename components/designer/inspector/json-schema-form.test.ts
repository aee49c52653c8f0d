import { describe, expect, it } from "vitest";
import { describeSchema, emptyValueFor, fieldLabel, fitsShape } from "./json-schema-form";

describe("describeSchema", () => {
  it("reads an object with required properties in order", () => {
    const shape = describeSchema({
      type: "object",
      properties: { orderId: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
      required: ["orderId"],
    });
    expect(shape.kind).toBe("object");
    expect(shape.properties?.map((p) => [p.name, p.required])).toEqual([
      ["orderId", true],
      ["amount", false],
    ]);
    expect(describeSchema(shape.properties?.[1]?.schema).minimum).toBe(0);
  });
  it("reads enums, formats, defaults and consts", () => {
    expect(describeSchema({ type: "string", enum: ["low", "high"], default: "low" })).toMatchObject({
      kind: "string",
      enum: ["low", "high"],
      default: "low",
    });
    expect(describeSchema({ type: "string", format: "email" }).format).toBe("email");
    expect(describeSchema({ const: "x" })).toMatchObject({ kind: "string", enum: ["x"] });
    expect(describeSchema({ enum: [1, 2] }).kind).toBe("number");
  });
  it("unwraps nullable schemas", () => {
    expect(describeSchema({ type: ["integer", "null"] }).kind).toBe("integer");
    expect(describeSchema({ anyOf: [{ type: "boolean" }, { type: "null" }], description: "d" })).toMatchObject({
      kind: "boolean",
      description: "d",
    });
  });
  it("infers objects and arrays without a type", () => {
    expect(describeSchema({ properties: { a: {} } }).kind).toBe("object");
    expect(describeSchema({ items: { type: "string" } })).toMatchObject({ kind: "array", items: { type: "string" } });
  });
  it("falls back to JSON for what it cannot edit", () => {
    expect(describeSchema({ $ref: "#/defs/x" }).kind).toBe("json");
    expect(describeSchema({ anyOf: [{ type: "string" }, { type: "number" }] }).kind).toBe("json");
    expect(describeSchema({ type: ["string", "number"] }).kind).toBe("json");
    expect(describeSchema({}).kind).toBe("json");
    expect(describeSchema(undefined).kind).toBe("json");
    expect(describeSchema({ type: "null" }).kind).toBe("json");
  });
});

describe("helpers", () => {
  it("makes readable labels", () => {
    expect(fieldLabel("customerId", { kind: "string" })).toBe("Customer id");
    expect(fieldLabel("ship_to", { kind: "string" })).toBe("Ship to");
    expect(fieldLabel("x", { kind: "string", title: "Order number" })).toBe("Order number");
  });
  it("starts new items empty and checks fit", () => {
    expect(emptyValueFor({ kind: "string", enum: ["a"] })).toBe("a");
    expect(emptyValueFor({ kind: "object" })).toEqual({});
    expect(fitsShape({ kind: "integer" }, 1.5)).toBe(false);
    expect(fitsShape({ kind: "object" }, [])).toBe(false);
    expect(fitsShape({ kind: "json" }, null)).toBe(true);
  });
});
