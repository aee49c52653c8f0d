import { describe, expect, it } from "vitest";
import { findDuplicateKeys, parseJsonText } from "./json-text";
import { jsonErrorOffset } from "./json-syntax";

describe("parseJsonText", () => {
  it("finds duplicate keys with the path of the object that holds them", () => {
    const text = '{"states": {"a": {"type": "succeed"}, "b": {"x": [1, {"k": 1, "k": 2}]}, "a": {}}}';
    expect(findDuplicateKeys(text)).toEqual([
      { path: ["states", "b", "x", 1], key: "k" },
      { path: ["states"], key: "a" },
    ]);
  });

  it("ignores braces and quotes inside strings", () => {
    expect(findDuplicateKeys('{"a": "{\\"a\\": 1}", "b": "}", "c": 1}')).toEqual([]);
  });

  it("says where invalid JSON breaks", () => {
    const result = parseJsonText('{\n  "a": 1,\n  "b": }');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/line 3, column \d+/);
  });
});

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["[1, 2", 5],
    ['{"a": tru}', 6],
    ['{"a": 1} x', 9],
  ])("locates the error in %j", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
