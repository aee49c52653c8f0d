import { describe, expect, it } from "vitest";
import { formatMs, formatRate, formatTokens, formatUsd, isPeriod } from "./format";

describe("dashboard formatting", () => {
  it("shows durations in the unit people read", () => {
    expect(formatMs(null)).toBe("–");
    expect(formatMs(0.4)).toBe("<1 ms");
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(1_500)).toBe("1.50 s");
    expect(formatMs(90_000)).toBe("1.5 min");
    expect(formatMs(7_200_000)).toBe("2.0 h");
  });

  it("shows rates as percentages and knows the periods", () => {
    expect(formatRate(null)).toBe("–");
    expect(formatRate(0.004)).toBe("<1%");
    expect(formatRate(0.456)).toBe("46%");
    expect(isPeriod("7d")).toBe(true);
    expect(isPeriod("2d")).toBe(false);
  });
});

describe("tokens and cost", () => {
  it("shortens token counts and prices by size", () => {
    expect([950, 12_345, 123_456, 4_500_000].map(formatTokens)).toEqual(["950", "12.3k", "123k", "4.5M"]);
    expect([0, 0.00001, 0.01234, 12.345].map(formatUsd)).toEqual(["$0", "<$0.0001", "$0.0123", "$12.35"]);
  });
});
