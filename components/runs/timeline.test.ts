import { describe, expect, it } from "vitest";
import { timeline } from "./timeline";

describe("the run timeline", () => {
  it("puts claims and hand-overs of escalations between the transitions, by time", () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const entries = timeline({
      transitions: [
        { seq: 1, event: { type: "start" }, status: "running", stateId: "a", at: at(0) },
        { seq: 2, event: { type: "human_resolved", optionId: "ok", by: "bob" }, status: "succeeded", stateId: null, at: at(30) },
      ],
      escalations: [{ id: "esc_1", stateId: "ask" }],
      escalationEvents: [
        { escalationId: "esc_1", action: "claimed", by: "ann", note: "", fromGroup: null, toGroup: null, at: at(10) },
        { escalationId: "esc_1", action: "reassigned", by: "ann", note: "billing", fromGroup: "a", toGroup: "b", at: at(20) },
      ],
    });
    expect(entries.map((e) => [e.label, e.where, e.note])).toEqual([
      ["Started", "a", ""],
      ["ann claimed the escalation", "ask", ""],
      ["ann reassigned the escalation to b", "ask", "billing"],
      ["bob chose “ok”", null, ""],
    ]);
  });
});
