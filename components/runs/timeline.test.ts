import { describe, expect, it } from "vitest";
import { decisionLabel, timeline } from "./timeline";

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

  it("lists the decisions the run passed, with the way each went, between the steps it rested at", () => {
    const at = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const definition = {
      states: {
        look_up: { type: "tool" },
        decide: {
          type: "choice",
          title: "Standard case?",
          choices: [{ label: "Small amount", next: "refund" }],
          default: "check",
        },
        check: { type: "choice", choices: [{ next: "review" }, { next: "refund" }] },
        review: { type: "human", options: [{ id: "ok", label: "Refund it", next: "refund" }] },
        refund: { type: "tool" },
      },
    };
    const transitions = [
      { seq: 1, event: { type: "start" }, status: "running", stateId: "look_up", at: at(0) },
      { seq: 2, event: { type: "call_failed", error: { message: "slow" } }, status: "running", stateId: "look_up", at: at(1) },
      { seq: 3, event: { type: "call_succeeded" }, status: "waiting", stateId: "review", at: at(2) },
      { seq: 4, event: { type: "human_resolved", optionId: "ok", by: "ann" }, status: "running", stateId: "refund", at: at(3) },
      { seq: 5, event: { type: "call_succeeded" }, status: "succeeded", stateId: null, at: at(4) },
    ];
    const entries = timeline({
      definition,
      transitions,
      path: ["look_up", "decide", "check", "review", "refund"],
      escalations: [],
      escalationEvents: [],
    });
    expect(entries.map((e) => [e.label, e.where, e.then])).toEqual([
      ["Started", "look_up", null],
      ["Step failed: slow", "look_up", null],
      ["Step completed", "look_up", "decide"],
      ["Decision: otherwise", "decide", "check"],
      ["Decision: condition 1", "check", "review"],
      ["ann chose “ok”", "review", "refund"],
      ["Step completed", "refund", null],
    ]);
    // A re-run starts after its parent's steps: their decisions are not its own.
    const rerun = timeline({
      definition,
      transitions: [
        { seq: 1, event: { type: "start" }, status: "running", stateId: "refund", at: at(0) },
        { seq: 2, event: { type: "call_succeeded" }, status: "succeeded", stateId: null, at: at(1) },
      ],
      path: ["look_up", "decide", "refund"],
      reused: { states: ["look_up", "decide"] },
      escalations: [],
      escalationEvents: [],
    });
    expect(rerun.map((e) => e.label)).toEqual(["Started", "Step completed"]);
  });

  it("names the way a decision went by its branch's label, its number, or otherwise", () => {
    const state = { type: "choice" as const, choices: [{ label: "Small", next: "a" }, { next: "b" }], default: "c" };
    expect(decisionLabel(state, "a")).toBe("Decision: “Small”");
    expect(decisionLabel(state, "b")).toBe("Decision: condition 2");
    expect(decisionLabel(state, "c")).toBe("Decision: otherwise");
    expect(decisionLabel(state, undefined)).toBe("Decision: no condition matched");
  });
});
