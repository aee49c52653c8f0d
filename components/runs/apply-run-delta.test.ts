import { describe, expect, it } from "vitest";
import { applyRunDelta, withQuestions, type RunDelta, type RunView } from "./apply-run-delta";

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 15, 0, s));
const transition = (seq: number, stateId: string, type = "human_resolved") => ({
  seq,
  event: { type },
  status: "waiting",
  stateId,
  at: at(seq),
});
const escalation = (id: string, stateId: string, status: string) => ({ id, stateId, status, createdAt: at(0) });

function view(): RunView {
  return {
    status: "waiting",
    currentState: "two",
    path: ["one", "two"],
    pending: { type: "human", stateId: "two", escalationId: "e2" },
    definition: { states: { one: { title: "One" }, two: { title: "Two" }, three: { title: "Case {% $input.n %}" } } },
    transitions: [transition(1, "one", "start"), transition(2, "two")],
    attempts: [],
    escalations: [escalation("e1", "one", "resolved"), escalation("e2", "two", "open")],
    escalationEvents: [],
    skipped: [],
    failedStep: null,
  } as unknown as RunView;
}

function delta(after: number, seq: number, extra: Partial<RunDelta> = {}): RunDelta {
  return {
    runId: "r",
    after,
    seq,
    full: false,
    head: {
      status: "waiting",
      currentState: "three",
      pathStart: 1,
      pathTail: ["two", "three"],
      pending: null,
      error: null,
      output: null,
      failure: null,
      finishedAt: null,
      titles: { three: "Case 7" },
    },
    transitions: [transition(3, "three", "skip_step")],
    attempts: [],
    escalations: [escalation("e2", "two", "resolved"), escalation("e3", "three", "open")],
    escalationEvents: [],
    ...extra,
  } as unknown as RunDelta;
}

describe("applyRunDelta", () => {
  it("appends the new transitions, replaces touched escalations, takes the head and the path's new end", () => {
    const next = applyRunDelta(view(), delta(2, 3));
    if (typeof next === "string") throw new Error(next);
    expect(next.transitions.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(next.escalations.map((e) => [e.id, e.status])).toEqual([
      ["e1", "resolved"],
      ["e2", "resolved"],
      ["e3", "open"],
    ]);
    expect(next.path).toEqual(["one", "two", "three"]);
    expect(next.currentState).toBe("three");
    expect((next.definition.states as Record<string, { title: string }>).three?.title).toBe("Case 7");
    expect(next.skipped).toEqual(["two"]); // derived again from the transitions
  });

  it("shows each transition once: a delta already held changes nothing, an overlapping one adds only what is new", () => {
    const once = applyRunDelta(view(), delta(2, 3));
    if (typeof once === "string") throw new Error(once);
    expect(applyRunDelta(once, delta(2, 3))).toBe(once);
    const overlapping = delta(1, 3, { transitions: [transition(2, "two"), transition(3, "three")] });
    const next = applyRunDelta(view(), overlapping);
    if (typeof next === "string") throw new Error(next);
    expect(next.transitions.map((t) => t.seq)).toEqual([1, 2, 3]);
  });

  it("says when transitions are missing in between, or when the whole run must be read", () => {
    expect(applyRunDelta(view(), delta(3, 4))).toBe("gap");
    expect(applyRunDelta(view(), delta(2, 3, { full: true }))).toBe("full");
  });

  it("takes a claim on the current question from a delta at the page's own transition, and nothing else", () => {
    const claimed = { ...escalation("e2", "two", "claimed"), claimedBy: "Sam" };
    const same = delta(2, 2, { transitions: [], escalations: [claimed] as unknown as RunDelta["escalations"] });
    const next = withQuestions(view(), same);
    if (typeof next === "string") throw new Error(next);
    expect(next.escalations.map((e) => [e.id, e.status])).toEqual([
      ["e1", "resolved"],
      ["e2", "claimed"],
    ]);
    expect(next.transitions.map((t) => t.seq)).toEqual([1, 2]);
    expect(next.currentState).toBe("two"); // the head of a delta that moved nothing is not taken
    expect(applyRunDelta(view(), same)).toEqual(view()); // as a plain delta it is one the page already holds
    expect(withQuestions(view(), delta(2, 3))).toEqual(applyRunDelta(view(), delta(2, 3))); // one that moved on: applied
  });
});
