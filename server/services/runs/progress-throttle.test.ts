import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progressThrottle } from "./progress-throttle";

describe("progress throttle", () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("passes the first report at once and then the latest one per interval", () => {
    const sent: [string, number][] = [];
    const t = progressThrottle<number>((runId, p) => sent.push([runId, p]), 250);
    t.report("a", 1);
    t.report("a", 2);
    t.report("a", 3);
    t.report("b", 1);
    expect(sent).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([
      ["a", 1],
      ["b", 1],
      ["a", 3],
    ]);
  });

  it("drops a report still queued when the run moves on, and keeps nothing for the run", () => {
    const sent: number[] = [];
    const t = progressThrottle<number>((_, p) => sent.push(p), 250);
    t.report("a", 1);
    t.report("a", 4); // queued: the finished call's last report
    t.forget("a"); // the run committed its next transition
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([1]);
    t.report("a", 1); // the next call's first report is not held back by the previous call's
    expect(sent).toEqual([1, 1]);
  });
});
