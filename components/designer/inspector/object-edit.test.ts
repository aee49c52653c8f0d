import { describe, expect, it } from "vitest";
import { freshKey, moveItem, nonEmpty, removeAt, replaceAt, sameJson, withEntry, withField } from "./object-edit";

describe("withField", () => {
  it("sets a value and removes unset ones without touching the input", () => {
    const state: { title?: string; n?: number } = { title: "A", n: 1 };
    expect(withField(state, "title", "B")).toEqual({ title: "B", n: 1 });
    expect(withField(state, "title", "")).toEqual({ n: 1 });
    expect("n" in withField(state, "n", undefined)).toBe(false);
    expect(state).toEqual({ title: "A", n: 1 });
  });
});

describe("records and lists", () => {
  it("sets and removes entries", () => {
    expect(withEntry({ a: 1 }, "b", 2)).toEqual({ a: 1, b: 2 });
    expect(withEntry({ a: 1, b: 2 }, "a", undefined)).toEqual({ b: 2 });
    expect(withEntry(undefined, "a", "")).toEqual({});
  });
  it("treats empty containers as unset", () => {
    expect(nonEmpty({})).toBeUndefined();
    expect(nonEmpty([])).toBeUndefined();
    expect(nonEmpty({ a: 1 })).toEqual({ a: 1 });
  });
  it("moves, replaces and removes items", () => {
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, -2)).toEqual(["c", "a", "b"]);
    expect(replaceAt(["a", "b"], 1, "x")).toEqual(["a", "x"]);
    expect(removeAt(["a", "b"], 0)).toEqual(["b"]);
  });
  it("compares JSON ignoring key order", () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
  });
});

describe("freshKey", () => {
  it("finds an unused key", () => {
    expect(freshKey([{ key: "r0" }, { key: "n2" }])).toBe("n3");
    expect(freshKey([])).toBe("n1");
  });
});
