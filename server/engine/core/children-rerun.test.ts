/**
 * Re-running from a step inside a parallel branch or a map item (rerun.ts, docs/parallel-map.md): the new run enters
 * the parallel or map step again; the chosen branch or item starts at its step from its own replayed data, every other
 * one takes over the re-run run's child where that one succeeded; the steps before the parallel or map step are not
 * entered again.
 */
import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import { dataAt, rerunState, reusedChild, type RecordedEvent } from "./rerun";
import type { ChildStart, Command, FanoutRerun, RunEvent, RunState, StepInputs } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const inputs = (): StepInputs => {
  let n = 0;
  return { now: 1_000_000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
};
const started = (commands: Command[]): ChildStart[] => commands.flatMap((c) => (c.type === "start_children" ? c.children : []));

/** A body of two tool steps: `first` then `second`, whose results it returns. */
const body = (server: string) => ({
  startAt: "first",
  states: {
    first: { type: "tool", server, tool: "one", input: {}, assign: { one: "{% $result %}" }, next: "second" },
    second: {
      type: "tool",
      server,
      tool: "two",
      input: { one: "{% $one %}" },
      assign: { two: "{% $result %}" },
      compensate: { server, tool: "undo", input: {} },
      next: "done",
    },
    done: { type: "succeed", output: "{% [$one, $two] %}" },
  },
});

const def = {
  schemaVersion: 1,
  name: "Fan-out",
  startAt: "prep",
  states: {
    prep: { type: "tool", server: "crm", tool: "prep", input: {}, assign: { prep: "{% $result %}" }, next: "lookup" },
    lookup: {
      type: "parallel",
      branches: { a: body("a"), b: body("b"), c: body("c") },
      assign: { found: "{% $results %}" },
      next: "each",
    },
    each: {
      type: "map",
      items: "{% $input.items %}",
      maxConcurrency: 2,
      itemBody: body("m"),
      assign: { all: "{% $results %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $all %}" },
  },
} as unknown as WorkflowDefinition;

const input = { items: ["x", "y", "z", "w"] };
const into = (over: Partial<FanoutRerun> = {}): FanoutRerun => ({
  from: "run_old.lookup.1",
  key: "b",
  seed: { ...initialState("", null), resume: { stateId: "second" } },
  parentRunId: "run_old.lookup.1.b",
  fromStateId: "second",
  ...over,
});
/** The new run's seed: the data the old run had when it entered `stateId` (prep and lookup done before each). */
const seedAt = (stateId: "lookup" | "each", fanout: FanoutRerun) => {
  const path = stateId === "lookup" ? ["prep"] : ["prep", "lookup"];
  const vars = stateId === "lookup" ? { prep: 1 } : { prep: 1, found: {} };
  return rerunState("run_new", { input, vars, path, compensations: [] }, stateId, undefined, fanout);
};

describe("re-running from a step inside a branch or an item: which child starts how", () => {
  const cases: {
    name: string;
    stateId: "lookup" | "each";
    fanout: FanoutRerun;
    expected: { runId: string; reuse?: string; rerun?: string }[];
  }[] = [
    {
      name: "parallel: the chosen branch from its step, the other branches taken over",
      stateId: "lookup",
      fanout: into(),
      expected: [
        { runId: "run_new.lookup.1.a", reuse: "run_old.lookup.1.a" },
        { runId: "run_new.lookup.1.b", rerun: "run_old.lookup.1.b" },
        { runId: "run_new.lookup.1.c", reuse: "run_old.lookup.1.c" },
      ],
    },
    {
      name: "parallel: a branch that ran under a retry's id (~2) is re-run from that run",
      stateId: "lookup",
      fanout: into({ key: "a", parentRunId: "run_old.lookup.1.a~2", fromStateId: "first" }),
      expected: [
        { runId: "run_new.lookup.1.a", rerun: "run_old.lookup.1.a~2" },
        { runId: "run_new.lookup.1.b", reuse: "run_old.lookup.1.b" },
        { runId: "run_new.lookup.1.c", reuse: "run_old.lookup.1.c" },
      ],
    },
    {
      name: "map: items up to the concurrency limit, the chosen one from its step, the others taken over",
      stateId: "each",
      fanout: into({ from: "run_old.each.1", key: "1", parentRunId: "run_old.each.1.1" }),
      expected: [
        { runId: "run_new.each.1.0", reuse: "run_old.each.1.0" },
        { runId: "run_new.each.1.1", rerun: "run_old.each.1.1" },
      ],
    },
    {
      name: "map: a chosen item past the limit waits for its turn",
      stateId: "each",
      fanout: into({ from: "run_old.each.1", key: "3", parentRunId: "run_old.each.1.3" }),
      expected: [
        { runId: "run_new.each.1.0", reuse: "run_old.each.1.0" },
        { runId: "run_new.each.1.1", reuse: "run_old.each.1.1" },
      ],
    },
  ];

  it.each(cases)("$name", async ({ stateId, fanout, expected }) => {
    const result = await step(def, seedAt(stateId, fanout), { type: "start", input }, inputs());
    // The step is entered again (its visit counted once), nothing before it is.
    expect(result.state.path).toEqual([...seedAt(stateId, fanout).path, stateId]);
    expect(result.commands.map((c) => c.type)).toEqual(["start_children"]);
    const children = started(result.commands).map((c) => ({
      runId: c.runId,
      ...(c.reuse ? { reuse: c.reuse } : {}),
      ...(c.rerun ? { rerun: c.rerun.parentRunId } : {}),
    }));
    expect(children).toEqual(expected);
    const chosen = started(result.commands).find((c) => c.rerun);
    if (chosen)
      expect(chosen.rerun).toEqual({ seed: fanout.seed, parentRunId: fanout.parentRunId, fromStateId: fanout.fromStateId });
    // Kept in the pending, so a re-check after a crash and a retry of the step start the children the same way.
    expect(result.state.pending).toMatchObject({ type: "children", rerun: fanout });
  });

  it("a re-check after a crash starts the same children the same way", async () => {
    const first = await step(def, seedAt("lookup", into()), { type: "start", input }, inputs());
    const pending = first.state.pending as Extract<RunState["pending"], { type: "children" }>;
    const again = await step(def, first.state, { type: "timer_fired", timerId: pending.timerId }, inputs());
    expect(started(again.commands)).toEqual(started(first.commands));
  });

  it("the map starts the chosen item when its turn comes, and the items after it are taken over", async () => {
    const fanout = into({ from: "run_old.each.1", key: "3", parentRunId: "run_old.each.1.3" });
    let run = (await step(def, seedAt("each", fanout), { type: "start", input }, inputs())).state;
    const done = (i: number): RunEvent => ({
      type: "child_finished",
      childId: `run_new.each.1.${i}`,
      status: "succeeded",
      output: i,
      failure: null,
    });
    const r0 = await step(def, run, done(0), inputs());
    expect(started(r0.commands).map((c) => [c.runId, c.reuse ?? c.rerun?.parentRunId])).toEqual([
      ["run_new.each.1.2", "run_old.each.1.2"],
    ]);
    run = r0.state;
    const r1 = await step(def, run, done(1), inputs());
    expect(started(r1.commands).map((c) => [c.runId, c.reuse ?? c.rerun?.parentRunId])).toEqual([
      ["run_new.each.1.3", "run_old.each.1.3"],
    ]);
    expect(started(r1.commands)[0]?.rerun?.fromStateId).toBe("second");
  });

  it("a branch that failed in the new run is retried from the same step (the others keep their outcome)", async () => {
    const retrying = {
      ...def,
      states: {
        ...def.states,
        lookup: { ...(def.states.lookup as object), retry: [{ errors: ["*"], maxAttempts: 2, intervalSeconds: 1 }] },
      },
    } as unknown as WorkflowDefinition;
    let run = (await step(retrying, seedAt("lookup", into()), { type: "start", input }, inputs())).state;
    const finished = (childId: string, ok: boolean): RunEvent => ({
      type: "child_finished",
      childId,
      status: ok ? "succeeded" : "failed",
      output: ok ? "fine" : null,
      failure: ok ? null : { code: "tool_error", message: "boom", retryable: true },
    });
    run = (await step(retrying, run, finished("run_new.lookup.1.a", true), inputs())).state;
    run = (await step(retrying, run, finished("run_new.lookup.1.c", true), inputs())).state;
    run = (await step(retrying, run, finished("run_new.lookup.1.b", false), inputs())).state;
    expect(run.pending?.type).toBe("timer");
    const timerId = run.pending?.type === "timer" ? run.pending.timerId : "";
    const retried = await step(retrying, run, { type: "timer_fired", timerId }, inputs());
    expect(started(retried.commands).map((c) => [c.runId, c.rerun?.fromStateId])).toEqual([["run_new.lookup.1.b~2", "second"]]);
  });
});

describe("the children of a re-run", () => {
  // The old branch "b": `first` succeeded, then `second` failed for good. Its log is replayed with the whole
  // definition: the branch's state names its scope.
  const link = { runId: "run_new", stateId: "lookup", key: "b", scope: ["lookup", "b"] };
  const log: RecordedEvent[] = [
    { event: { type: "start", input }, at: 1 },
    { event: { type: "call_succeeded", result: "one-b" }, at: 2 },
  ];

  it("the chosen branch replays its own log: `first` is reused, `second` is called afresh under the new child's key", async () => {
    const old = { ...initialState("run_old.lookup.1.b", input), parent: { ...link, runId: "run_old" } };
    const data = (await dataAt(def, old, log, { stateId: "second", visit: 1 }))!;
    expect(data).toMatchObject({ path: ["first"], vars: { one: "one-b" } });
    const seed: RunState = { ...rerunState("run_new.lookup.1.b", data, "second"), parent: link };
    const result = await step(def, seed, { type: "start", input }, inputs());
    expect(result.commands.map((c) => c.type)).toEqual(["call_tool"]);
    expect(result.state.pending).toMatchObject({
      tool: "two",
      args: { one: "one-b" },
      idempotencyKey: "run_new.lookup.1.b:second:1",
    });
  });

  it("a branch taken over ends at once, succeeded with its output; its undo entries name the run that did them", async () => {
    const before: RunState = {
      ...initialState("run_old.lookup.1.a", input),
      status: "succeeded",
      path: ["first", "second", "done"],
      vars: { one: 1, two: 2 },
      output: [1, 2],
      compensations: [{ stateId: "second", visit: 1, server: "a", tool: "undo", args: {} }],
      parent: { ...link, runId: "run_old", key: "a", scope: ["lookup", "a"] },
    };
    const seed = reusedChild("run_new.lookup.1.a", { ...link, key: "a", scope: ["lookup", "a"] }, before, "run_old.lookup.1.a");
    const result = await step(def, seed, { type: "start", input }, inputs());
    expect(result.commands).toEqual([{ type: "run_finished", status: "succeeded" }]);
    expect(result.state).toMatchObject({ status: "succeeded", output: [1, 2], path: ["first", "second", "done"] });
    expect(result.state.compensations).toEqual([{ ...before.compensations[0], runId: "run_old.lookup.1.a" }]);
    expect(result.state.parent?.runId).toBe("run_new");
  });
});
