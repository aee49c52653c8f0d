import { describe, expect, it } from "vitest";
import { childOutcome, outcomeCounts, reusedVisit } from "./fanout-summary";

describe("how a branch or item went", () => {
  it.each([
    ["succeeded", "done"],
    ["failed", "failed"],
    ["compensated", "failed"],
    ["cancelled", "failed"],
    ["running", "running"],
    ["waiting", "running"],
    ["queued", "running"],
  ])("%s: %s", (status, outcome) => {
    expect(childOutcome(status)).toBe(outcome);
  });

  it("adds up runs by status into done, failed and still going", () => {
    expect(outcomeCounts({ succeeded: 7, failed: 1, cancelled: 2, compensated: 1, running: 3, queued: 4 })).toEqual({
      done: 7,
      failed: 4,
      running: 7,
    });
    expect(outcomeCounts({})).toEqual({ done: 0, failed: 0, running: 0 });
  });
});

describe("the visit of a step a re-run took over", () => {
  const run = (path: string[]) => ({
    path,
    visits: Object.fromEntries(path.map((id) => [id, path.filter((p) => p === id).length])),
  });

  it("is the step's last visit when the re-run started after it", () => {
    expect(reusedVisit(run(["prep", "lookup", "decide", "ticket"]), run(["prep", "lookup"]), "lookup")).toBe(1);
    // The seed's visits may be missing: its path counts.
    expect(reusedVisit(run(["lookup", "decide"]), { path: ["lookup"] }, "lookup")).toBe(1);
  });

  it("is none when the run went through the step itself", () => {
    // Started at the step (or inside one of its branches): the step is not in the seed.
    expect(reusedVisit(run(["prep", "lookup", "ticket"]), run(["prep"]), "lookup")).toBeNull();
    // A loop back to the step after the start: the last visit is the run's own.
    expect(reusedVisit(run(["lookup", "decide", "lookup"]), run(["lookup"]), "lookup")).toBeNull();
    // Not a re-run, or a step it never visited.
    expect(reusedVisit(run(["lookup"]), null, "lookup")).toBeNull();
    expect(reusedVisit(run(["prep"]), run(["prep"]), "lookup")).toBeNull();
  });
});
