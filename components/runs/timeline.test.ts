import { describe, expect, it } from "vitest";
import { timeline } from "./timeline";

describe("the run timeline", () => {
  it("puts claims and hand-overs of escalations between the transitions, by time", () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const entries = timeline({
      definition: { states: { ask: { type: "human", options: [{ id: "use_billing", label: "Use the billing address" }] } } },
      transitions: [
        { seq: 1, event: { type: "start" }, status: "running", stateId: "ask", at: at(0) },
        {
          seq: 2,
          event: { type: "human_resolved", escalationId: "esc_1", optionId: "use_billing", by: "bob" },
          status: "succeeded",
          stateId: null,
          at: at(30),
        },
      ],
      escalations: [
        {
          id: "esc_1",
          stateId: "ask",
          reason: "human_step",
          title: "Approve?",
          status: "resolved",
          createdAt: at(5),
          resolvedAt: at(30),
          resolvedBy: "bob",
          resolution: { action: "option" },
        },
      ],
      escalationEvents: [
        { escalationId: "esc_1", action: "claimed", by: "ann", note: "", fromGroup: null, toGroup: null, at: at(10) },
        { escalationId: "esc_1", action: "reassigned", by: "ann", note: "billing", fromGroup: "a", toGroup: "b", at: at(20) },
      ],
    });
    expect(entries.map((e) => [e.label, e.where, e.note])).toEqual([
      ["Started", "ask", ""],
      ["ann claimed the escalation", "ask", ""],
      ["ann reassigned the escalation to b", "ask", "billing"],
      ["bob chose “Use the billing address”", "ask", ""],
    ]);
  });

  it("shows a server's question during a call and who answered it, with the note", () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const question = (id: string, action: string | null, by: string | null = "Fay") => ({
      id,
      stateId: "refund",
      reason: "mcp_request",
      title: `orders asks: ${id}?`,
      status: action ? "resolved" : "open",
      createdAt: at({ q1: 1, q2: 3, q3: 6 }[id] ?? 0),
      resolvedAt: action ? at(id === "q1" ? 2 : 5) : null,
      resolvedBy: by,
      resolution: action ? { action, note: action === "accept" ? "ok by finance" : null } : null,
    });
    const entries = timeline({
      transitions: [{ seq: 1, event: { type: "start" }, status: "running", stateId: "refund", at: at(0) }],
      escalations: [question("q1", "accept"), question("q2", "lost", "Switchyard"), question("q3", null)],
      escalationEvents: [],
    });
    expect(entries.map((e) => [e.label, e.note])).toEqual([
      ["Started", ""],
      ["orders asks: q1?", ""],
      ["Fay answered", "ok by finance"],
      ["orders asks: q2?", ""],
      ["The question was closed unanswered", ""],
      ["orders asks: q3?", ""],
    ]);
  });

  it("shows what a server logged during a call at its time, before the call's outcome", () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const entries = timeline({
      transitions: [
        { seq: 1, event: { type: "start" }, status: "running", stateId: "fetch", at: at(0) },
        {
          seq: 2,
          event: {
            type: "call_succeeded",
            result: "ok",
            logs: [{ level: "warning", logger: "fixture", message: "disk almost full", at: at(2).getTime() }],
          },
          status: "succeeded",
          stateId: null,
          at: at(3),
        },
      ],
      escalations: [],
      escalationEvents: [],
    });
    expect(entries.map((e) => [e.label, e.where, e.logLevel])).toEqual([
      ["Started", "fetch", undefined],
      ["Server log (warning, fixture): disk almost full", "fetch", "warning"],
      ["Step completed", "fetch", undefined],
    ]);
  });
});
