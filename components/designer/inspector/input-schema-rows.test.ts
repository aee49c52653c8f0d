import { describe, expect, it } from "vitest";
import { enumFromText, fieldNameProblems, listFromRows, newFieldName, rowsFromList, withType } from "./input-schema-rows";

const list = {
  properties: { customerEmail: { type: "string" as const, format: "email" as const }, orderId: { type: "string" as const } },
  required: ["orderId"],
};

describe("field rows", () => {
  it("round-trips a schema's fields in order", () => {
    const rows = rowsFromList(list);
    expect(rows.map((r) => [r.name, r.required])).toEqual([
      ["customerEmail", false],
      ["orderId", true],
    ]);
    expect(listFromRows(rows)).toEqual(list);
    expect(listFromRows([])).toEqual({ properties: {} });
  });
  it("keeps invalid and repeated names out of the schema", () => {
    const rows = [
      { key: "a", name: "orderId", field: { type: "string" as const }, required: true },
      { key: "b", name: "orderId", field: { type: "number" as const }, required: false },
      { key: "c", name: "two words", field: { type: "string" as const }, required: true },
      { key: "d", name: "", field: { type: "string" as const }, required: false },
    ];
    expect(listFromRows(rows)).toEqual({ properties: { orderId: { type: "string" } }, required: ["orderId"] });
    expect(fieldNameProblems(rows)).toEqual([
      "Two fields have this name",
      "Two fields have this name",
      expect.stringMatching(/no spaces/),
      "Give the field a name",
    ]);
    expect(newFieldName(rows)).toBe("field_5");
  });
});

describe("renaming", () => {
  it("keeps the stored name while a new name is not usable", () => {
    const rows = rowsFromList(list);
    const renamed = rows.map((r) => (r.name === "orderId" ? { ...r, name: "order id" } : r));
    expect(listFromRows(renamed)).toEqual(list);
    const moved = rows.map((r) => (r.name === "orderId" ? { ...r, name: "orderNumber" } : r));
    expect(listFromRows(moved)).toEqual({
      properties: { customerEmail: list.properties.customerEmail, orderNumber: { type: "string" } },
      required: ["orderNumber"],
    });
  });
});

describe("field types", () => {
  it("drops what does not fit the new type", () => {
    expect(withType({ type: "string", title: "T", enum: ["a"], default: "a", format: "email" }, "number")).toEqual({
      type: "number",
      title: "T",
    });
    expect(withType({ type: "string" }, "object")).toEqual({ type: "object", properties: {} });
    expect(withType({ type: "string" }, "array")).toEqual({ type: "array", items: { type: "string" } });
  });
  it("reads allowed values, one per line", () => {
    expect(enumFromText("gold\n silver \n\ngold", "string")).toEqual(["gold", "silver"]);
    expect(enumFromText("1\n2.5", "number")).toEqual([1, 2.5]);
    expect(enumFromText("1\nx", "number")).toBeUndefined();
    expect(enumFromText("  ", "string")).toBeUndefined();
  });
});
