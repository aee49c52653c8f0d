import { describe, expect, it } from "vitest";
import { parseRunView, runListInput, runViewParams } from "./run-query";

describe("run history filters in the URL", () => {
  it("round-trips every filter", () => {
    const view = {
      workflowId: "wf_1",
      versionId: "ver_2",
      status: "waiting_breaker" as const,
      from: "2026-11-24T09:30",
      to: "2026-11-25T00:00",
      error: "timed out",
    };
    expect(parseRunView(new URLSearchParams(runViewParams(view)))).toEqual(view);
  });

  it("drops unknown or malformed values so an old link still opens", () => {
    const view = parseRunView(new URLSearchParams("status=exploded&from=yesterday&workflow=a%20b&error="));
    expect(view).toEqual({
      workflowId: undefined,
      versionId: undefined,
      status: undefined,
      from: undefined,
      to: undefined,
      error: undefined,
    });
  });

  it("turns the view into the list query's input", () => {
    expect(runListInput({ status: "stuck", from: "2026-11-24T09:30" })).toEqual({
      status: "stuck",
      from: new Date("2026-11-24T09:30"),
    });
  });
});
