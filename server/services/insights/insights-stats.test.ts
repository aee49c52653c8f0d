import { describe, expect, it } from "vitest";
import { percentile, ratio, summarize, topCounts } from "./insights-stats";

describe("insights statistics", () => {
  it("takes percentiles by nearest rank", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(summarize([30, 10, 20])).toEqual({ p50: 20, p95: 30 });
  });

  it("counts the most frequent keys first and gives no rate for nothing", () => {
    expect(topCounts(["a", "b", "b", "c", "b", "a"], (x) => x, 2)).toEqual([
      { key: "b", count: 3 },
      { key: "a", count: 2 },
    ]);
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });
});
