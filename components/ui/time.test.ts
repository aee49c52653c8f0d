import { describe, expect, it } from "vitest";
import { relative } from "./time";

describe("relative", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it.each([
    [now - 10_000, "just now"],
    [now - 5 * 60_000, "5 minutes ago"],
    [now - 3 * 3_600_000, "3 hours ago"],
    [now - 2 * 86_400_000, "2 days ago"],
    [now + 59 * 60_000, "in 59 minutes"],
    [now + 2 * 3_600_000, "in 2 hours"],
  ])("%i reads %s", (then, text) => {
    expect(relative(then, now)).toBe(text);
  });
});
