import { describe, expect, it } from "vitest";
import { dueTick, parseSchedule } from "./trigger-schedule";

const at = (iso: string) => Date.parse(iso);

function schedule(cron: string, tz = "UTC") {
  const s = parseSchedule(cron, tz);
  if (!s.ok) throw new Error(s.message);
  return s.cron;
}

describe("schedule triggers", () => {
  it("fires the tick that came due, once, and nothing before the next one", () => {
    const c = schedule("*/5 * * * *");
    expect(dueTick(c, at("2026-01-01T10:00:00Z"), at("2026-01-01T10:04:59Z"))).toBeNull();
    expect(dueTick(c, at("2026-01-01T10:00:00Z"), at("2026-01-01T10:05:01Z"))).toEqual({
      tick: at("2026-01-01T10:05:00Z"),
      missed: 0,
    });
    expect(dueTick(c, at("2026-01-01T10:05:00Z"), at("2026-01-01T10:05:30Z"))).toBeNull();
  });

  it("after downtime fires once, for the latest missed tick, and counts the ones skipped", () => {
    const c = schedule("0 * * * *");
    expect(dueTick(c, at("2026-01-01T10:00:00Z"), at("2026-01-01T14:30:00Z"))).toEqual({
      tick: at("2026-01-01T14:00:00Z"),
      missed: 3,
    });
  });

  it("reads the schedule in its time zone", () => {
    const c = schedule("0 9 * * *", "Europe/Paris");
    // 09:00 in Paris in January is 08:00 UTC.
    expect(dueTick(c, at("2026-01-01T07:00:00Z"), at("2026-01-01T08:00:01Z"))?.tick).toBe(at("2026-01-01T08:00:00Z"));
  });

  it("explains a schedule that is not valid", () => {
    const bad = parseSchedule("every day", "UTC");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/"every day" is not valid/);
  });
});
