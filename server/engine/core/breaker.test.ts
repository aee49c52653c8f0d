import { describe, expect, it } from "vitest";
import {
  admit,
  CLOSED,
  DEFAULT_BREAKER,
  nextProbeAt,
  record,
  setByHand,
  type BreakerConfig,
  type BreakerState,
  type CallOutcome,
} from "./breaker";

const cfg: BreakerConfig = { ...DEFAULT_BREAKER, coolDownMs: 1000 };
const ok: CallOutcome = { ok: true };
const down: CallOutcome = { ok: false, kind: "connection_lost", message: "Connection closed" };

function feed(outcomes: (boolean | CallOutcome)[], start: BreakerState = CLOSED, c: BreakerConfig = cfg): BreakerState {
  return outcomes.reduce((b, o, i) => record(b, o === true ? ok : o === false ? down : o, i, c), start);
}

describe("circuit breaker", () => {
  it.each([
    ["stays closed below the failure rate", [true, true, true, false, true, true, true, true, true, true], "closed"],
    ["opens above 30% failures over a full window", [true, false, true, false, true, false, true, true, true, false], "open"],
    ["does not open before the window holds 10 calls", [false, false, false, false, false, false, false, false, false], "closed"],
    ["opens on the 10th call when it fails", [...Array<boolean>(9).fill(false), false], "open"],
    ["stays closed at exactly 30% over the window", [...Array<boolean>(10).fill(true), false, false, false], "closed"],
    ["opens at 4 failures in the last 10", [...Array<boolean>(10).fill(true), false, false, false, false], "open"],
  ])("%s", (_label, outcomes, status) => {
    expect(feed(outcomes).status).toBe(status);
  });

  it("never opens on a success, even when the window's failure rate is over the limit", () => {
    // fail, fail, ok, ok, ok: with the old rule (judged on every outcome once 5 calls were seen) the 3rd success opened it.
    const b = feed([false, false, true, true, true]);
    expect(b.status).toBe("closed");
    const full = feed([false, false, false, false, true, true, true, true, true, true]);
    expect(full.status).toBe("closed");
    expect(record(full, down, 99, cfg).status).toBe("open");
  });

  it("by default counts only unavailability: an isError result or a rejected input shows the server reachable", () => {
    const toolError: CallOutcome = { ok: false, kind: "tool_error", message: "Cannot refund: only 0 is refundable" };
    const rejected: CallOutcome = { ok: false, kind: "invalid_input", message: "amount: must be positive" };
    const b = feed(Array<CallOutcome>(20).fill(toolError).concat(Array<CallOutcome>(20).fill(rejected)));
    expect(b.status).toBe("closed");
    expect(b.outcomes.every(Boolean)).toBe(true);
    for (const kind of ["timeout", "server_unavailable", "protocol_error", "connection_lost"] as const)
      expect(feed(Array<CallOutcome>(10).fill({ ok: false, kind, message: "" })).status).toBe("open");
  });

  it("counts the kinds a server's settings add", () => {
    const strict = { ...cfg, failureKinds: [...(cfg.failureKinds ?? []), "tool_error" as const] };
    const toolError: CallOutcome = { ok: false, kind: "tool_error", message: "boom" };
    const b = feed(Array<CallOutcome>(10).fill(toolError), CLOSED, strict);
    expect(b.status).toBe("open");
    expect(b.failures?.at(-1)).toEqual({ at: 9, kind: "tool_error", message: "boom" });
  });

  it("a smaller window opens with that many calls", () => {
    const small = { ...cfg, window: 4, minCalls: 4, failureRate: 0.5 };
    expect(feed([false, false, false], CLOSED, small).status).toBe("closed");
    expect(feed([false, false, false, false], CLOSED, small).status).toBe("open");
  });

  it("keeps only the last 10 outcomes and the last 5 failures", () => {
    expect(feed([...Array<boolean>(25).fill(true)]).outcomes).toHaveLength(10);
    const lenient = { ...cfg, failureRate: 0.9 };
    const b = feed(
      [...Array<boolean>(30).fill(true), false, true, false, true, false, true, false, true, false, true],
      CLOSED,
      lenient,
    );
    expect(b.status).toBe("closed");
    expect(b.failures).toHaveLength(5);
  });

  it("rejects calls while open, then lets one probe through after the cool-down", () => {
    const open = feed(Array<boolean>(10).fill(false));
    expect(open.status).toBe("open");
    expect(nextProbeAt(open, cfg)).toBe(open.openedAt! + 1000);
    const during = admit(open, open.openedAt! + 500, cfg);
    expect(during.admission).toEqual({ allow: false, retryAt: open.openedAt! + 1000 });

    const after = admit(open, open.openedAt! + 1000, cfg);
    expect(after.admission).toEqual({ allow: true, probe: true });
    expect(after.next.status).toBe("half_open");
    // Only one probe at a time.
    expect(admit(after.next, open.openedAt! + 1001, cfg).admission.allow).toBe(false);
  });

  it("closes when the probe reaches the server and reopens when it fails", () => {
    const half = admit(feed(Array<boolean>(10).fill(false)), 10_000, cfg).next;
    expect(record(half, ok, 10_001, cfg).status).toBe("closed");
    expect(record(half, { ok: false, kind: "tool_error", message: "" }, 10_001, cfg).status).toBe("closed");
    expect(record(half, down, 10_001, cfg)).toMatchObject({ status: "open", openedAt: 10_001 });
  });

  it("opened by hand stays open past the cool-down until closed by hand", () => {
    const opened = setByHand(CLOSED, "open", "admin@example.com", 0);
    expect(admit(opened, 5_000, cfg).admission).toEqual({ allow: false, retryAt: 6_000 });
    expect(nextProbeAt(opened, cfg)).toBeNull();
    const closed = setByHand(opened, "closed", "admin@example.com", 6_000);
    expect(closed).toMatchObject({ status: "closed", outcomes: [], manual: { by: "admin@example.com", at: 6_000 } });
    expect(admit(closed, 6_001, cfg).admission.allow).toBe(true);
  });
});
