import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("is the prefix, 10 characters of time and 11 random ones, and ids made in the same millisecond differ", () => {
    const now = Date.UTC(2026, 11, 7);
    const ids = Array.from({ length: 2000 }, () => newId("run", now));
    for (const id of ids) expect(id).toMatch(/^run_[0-9a-z]{10}[0-9a-z_-]{11}$/);
    expect(ids[0]?.slice(4, 14)).toBe(now.toString(36).padStart(10, "0"));
    // 2,000 ids span many refills of the random pool: none repeats.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts by creation time across milliseconds", () => {
    const earlier = newId("wf", 1_000);
    const later = newId("wf", 2_000);
    expect(earlier < later).toBe(true);
  });
});
