import { describe, expect, it } from "vitest";
import { formatMinutes, formatSeconds, msToSeconds, parseNumber, secondsToMs, splitSeconds } from "./numbers";

describe("parseNumber", () => {
  it("reads numbers and refuses the rest", () => {
    expect(parseNumber("12", true)).toBe(12);
    expect(parseNumber(" -1.5 ", false)).toBe(-1.5);
    expect(parseNumber("1.", false)).toBe(1);
    expect(parseNumber("1.5", true)).toBeNull();
    expect(parseNumber("", false)).toBeNull();
    expect(parseNumber("12abc", false)).toBeNull();
    expect(parseNumber("0x10", false)).toBeNull();
  });
});

describe("durations", () => {
  it("formats minutes for people", () => {
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(90)).toBe("1 h 30 min");
    expect(formatMinutes(60)).toBe("1 h");
    expect(formatMinutes(1440)).toBe("1 day");
    expect(formatMinutes(2 * 1440 + 60)).toBe("2 days 1 h");
  });
  it("formats seconds", () => {
    expect(formatSeconds(0.5)).toBe("0.5 s");
    expect(formatSeconds(90)).toBe("1.5 min");
    expect(formatSeconds(7200)).toBe("2 h");
  });
  it("splits seconds into the largest exact unit", () => {
    expect(splitSeconds(7200)).toEqual({ amount: 2, unit: "hours" });
    expect(splitSeconds(90)).toEqual({ amount: 90, unit: "seconds" });
    expect(splitSeconds(172_800)).toEqual({ amount: 2, unit: "days" });
    expect(splitSeconds(0)).toEqual({ amount: 0, unit: "seconds" });
  });
  it("converts between seconds and milliseconds", () => {
    expect(secondsToMs(0.5)).toBe(500);
    expect(msToSeconds(1500)).toBe(1.5);
    expect(secondsToMs(undefined)).toBeUndefined();
  });
});
