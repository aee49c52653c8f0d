import { describe, expect, it } from "vitest";
import { jsonDepthProblem, valueDepthProblem } from "./json-depth";
import { findDuplicateKeys, parseJsonText } from "./json-text";

/** The import of issue 15: '{"a":0,"a":0,"b":' * N + '0' + '}' * N (N = 8,000 took 68 s and 2.9 GB). */
const hostileImport = (n: number) => '{"a":0,"a":0,"b":'.repeat(n) + "0" + "}".repeat(n);

describe("JSON nesting limit", () => {
  it("measures depth outside strings only", () => {
    expect(jsonDepthProblem('{"a":[[1]]}', 3)).toBeNull();
    expect(jsonDepthProblem('{"a":[[[1]]]}', 3)).toBe("The JSON nests deeper than 3 levels (the limit)");
    expect(jsonDepthProblem('{"a":"[[[[[[\\"[[[["}', 1)).toBeNull();
    expect(valueDepthProblem({ a: [[1]] }, 3)).toBeNull();
    expect(valueDepthProblem({ a: [[[1]]] }, 3)).toMatch(/deeper than 3 levels/);
  });

  it("refuses the hostile import at once, naming the limit", () => {
    const started = performance.now();
    expect(parseJsonText(hostileImport(16_000))).toEqual({
      ok: false,
      message: "The JSON nests deeper than 100 levels (the limit)",
    });
    expect(parseJsonText("[".repeat(100_000))).toEqual({
      ok: false,
      message: "The JSON nests deeper than 100 levels (the limit)",
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("scans duplicates in linear time and lists a bounded number of them", () => {
    // Shallow but with many duplicates: before, each duplicate copied its path.
    const wide = `{${Array.from({ length: 50_000 }, () => '"a":0').join(",")}}`;
    const started = performance.now();
    const deep = findDuplicateKeys(hostileImport(8_000));
    expect(deep).toHaveLength(50);
    expect(deep[1]).toEqual({ path: ["b"], key: "a" });
    expect(findDuplicateKeys(wide)).toHaveLength(50);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
