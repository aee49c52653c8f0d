import { describe, expect, it } from "vitest";
import { backoffMs } from "./webhook-sender";

describe("webhook retry delays", () => {
  it("double from the first delay up to the cap", () => {
    const o = { baseDelayMs: 5_000, maxDelayMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, o))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  });
});
