import { describe, expect, it } from "vitest";
import { progressTotalLimitMs } from "./call-limits";

describe("the total limit of a call that reports progress", () => {
  it("is ten times the call's limit, at most an hour, never less than the limit, unless chosen", () => {
    expect(progressTotalLimitMs(60_000)).toBe(600_000);
    expect(progressTotalLimitMs(20 * 60_000)).toBe(60 * 60_000);
    expect(progressTotalLimitMs(2 * 60 * 60_000)).toBe(2 * 60 * 60_000);
    expect(progressTotalLimitMs(60_000, 90_000)).toBe(90_000);
    expect(progressTotalLimitMs(60_000, 1_000)).toBe(60_000);
  });
});
