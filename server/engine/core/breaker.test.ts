import { describe, expect, it } from "vitest";
import { admit, CLOSED, record, type BreakerState } from "./breaker";

const cfg = { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 1000 };

function feed(outcomes: boolean[], start: BreakerState = CLOSED): BreakerState {
  return outcomes.reduce((b, ok, i) => record(b, ok, i, cfg), start);
}

describe("circuit breaker", () => {
  it.each([
    ["stays closed below the failure rate", [true, true, true, false, true, true, true, true, true, true], "closed"],
    ["opens above 30% failures over the window", [true, false, true, false, true, false, true], "open"],
    ["does not open before it has seen enough calls", [false, false, false, false], "closed"],
    ["stays closed at exactly 30% over the window", [...Array<boolean>(10).fill(true), false, false, false], "closed"],
    ["opens at 4 failures in the last 10", [...Array<boolean>(10).fill(true), false, false, false, false], "open"],
  ])("%s", (_label, outcomes, status) => {
    expect(feed(outcomes).status).toBe(status);
  });

  it("keeps only the last 10 outcomes", () => {
    expect(feed([...Array<boolean>(25).fill(true)]).outcomes).toHaveLength(10);
  });

  it("rejects calls while open, then lets one probe through after the cool-down", () => {
    const open = feed([false, false, false, false, false]);
    expect(open.status).toBe("open");
    const during = admit(open, open.openedAt! + 500, cfg);
    expect(during.admission).toEqual({ allow: false, retryAt: open.openedAt! + 1000 });

    const after = admit(open, open.openedAt! + 1000, cfg);
    expect(after.admission).toEqual({ allow: true, probe: true });
    expect(after.next.status).toBe("half_open");
    // Only one probe at a time.
    expect(admit(after.next, open.openedAt! + 1001, cfg).admission.allow).toBe(false);
  });

  it("closes when the probe succeeds and reopens when it fails", () => {
    const half = admit(feed([false, false, false, false, false]), 10_000, cfg).next;
    expect(record(half, true, 10_001, cfg)).toEqual(CLOSED);
    const reopened = record(half, false, 10_001, cfg);
    expect(reopened).toMatchObject({ status: "open", openedAt: 10_001 });
  });
});
