/**
 * Parallel and map steps in the pure core: branches and items are child runs; the parent holds bookkeeping only.
 * Completion, failure with cancellation, compensation order across branches, tolerated failures, the state's size
 * with 10,000 items, and replay after a crash (the re-check timer) at each point.
 */
import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import type { ChildStart, Command, RunEvent, RunState, StepInputs } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

function runner(def: WorkflowDefinition, start: RunState = initialState("run1", {}), memo?: StepInputs["memo"]) {
  let n = 0;
  const inputs: StepInputs = { now: 1_000_000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5, memo };
  let state = start;
  let last: Command[] = [];
  return {
    get state() {
      return state;
    },
    get commands() {
      return last;
    },
    async send(event: RunEvent) {
      const result = await step(def, state, event, inputs);
      state = result.state;
      last = result.commands;
      return result;
    },
  };
}

const started = (commands: Command[]): ChildStart[] => commands.flatMap((c) => (c.type === "start_children" ? c.children : []));
const cancelled = (commands: Command[]): string[] => commands.flatMap((c) => (c.type === "cancel_children" ? c.runIds : []));
const ok = (childId: string, output: unknown, compensations: RunState["compensations"] = []): RunEvent => ({
  type: "child_finished",
  childId,
  status: "succeeded",
  output,
  failure: null,
  compensations,
});
const failed = (childId: string, message = "boom"): RunEvent => ({
  type: "child_finished",
  childId,
  status: "failed",
  output: null,
  failure: { code: "tool_error", message },
});
const branch = (server: string, undo = false) => ({
  startAt: "call",
  states: {
    call: {
      type: "tool",
      server,
      tool: "get",
      input: { id: "{% $input.id %}" },
      assign: { found: "{% $result %}" },
      ...(undo ? { compensate: { server, tool: "undo", input: { id: "{% $result.id %}" } } } : {}),
      next: "done",
    },
    done: { type: "succeed", output: "{% $found %}" },
  },
});

const support = {
  schemaVersion: 1,
  name: "Support",
  startAt: "lookup",
  states: {
    lookup: {
      type: "parallel",
      branches: { customer: branch("crm", true), order: branch("orders", true), procedure: branch("docs") },
      assign: { found: "{% $results %}" },
      catch: [{ errors: ["*"], next: "sorry", rollback: true }],
      next: "done",
    },
    sorry: { type: "fail", error: "lookup_failed", message: "{% $error.message %}" },
    done: { type: "succeed", output: "{% $found %}" },
  },
} as unknown as WorkflowDefinition;

describe("a parallel step", () => {
  it("starts one child run per branch and goes on with every branch's result under its name", async () => {
    const r = runner(support);
    await r.send({ type: "start", input: { id: 7 } });
    const children = started(r.commands);
    expect(children.map((c) => c.runId)).toEqual(["run1.lookup.1.customer", "run1.lookup.1.order", "run1.lookup.1.procedure"]);
    expect(children[0]!.parent).toEqual({ runId: "run1", stateId: "lookup", key: "customer", scope: ["lookup", "customer"] });
    expect(r.state.status).toBe("waiting");
    await r.send(ok("run1.lookup.1.order", { order: 1 }));
    // The same branch finishing twice (a crash between its commit and the report) changes nothing.
    expect((await r.send(ok("run1.lookup.1.order", { order: 1 }))).ignored).toMatch(/not running/);
    await r.send(ok("run1.lookup.1.procedure", { steps: [] }));
    expect(r.state.status).toBe("waiting");
    await r.send(ok("run1.lookup.1.customer", { name: "Ann" }));
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toEqual({ customer: { name: "Ann" }, order: { order: 1 }, procedure: { steps: [] } });
  });

  it("cancels the other branches when one fails, then takes the step's catch route", async () => {
    const r = runner(support);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(failed("run1.lookup.1.order", "order database down"));
    expect(cancelled(r.commands)).toEqual(["run1.lookup.1.customer", "run1.lookup.1.procedure"]);
    expect(r.state.status).toBe("failed");
    expect(r.state.failure).toEqual({ code: "lookup_failed", message: 'Branch "order" failed: order database down' });
    // A cancelled branch reporting back later is not taken for a result.
    expect((await r.send(failed("run1.lookup.1.customer"))).ignored).toBeTruthy();
  });

  it("undoes every branch's completed steps, newest first per branch, when a later roll-back runs", async () => {
    const undo = (runId: string, stateId: string, n: number) => ({
      stateId,
      visit: 1,
      server: "s",
      tool: "undo",
      args: { n },
      runId,
    });
    const r = runner(support);
    await r.send({ type: "start", input: { id: 7 } });
    const c = "run1.lookup.1.customer";
    const o = "run1.lookup.1.order";
    await r.send(ok(c, 1, [undo(c, "reserve", 1), undo(c, "charge", 2)]));
    await r.send(ok(o, 2, [undo(o, "reserve", 3), undo(o, "ship", 4)]));
    await r.send(failed("run1.lookup.1.procedure"));
    const order: unknown[] = [];
    const keys: string[] = [];
    while (r.state.pending?.type === "call") {
      order.push(r.state.pending.args.n);
      keys.push(r.state.pending.idempotencyKey);
      await r.send({ type: "call_succeeded", result: {} });
    }
    expect(order).toEqual([4, 3, 2, 1]);
    // The undo key names the branch run that did the step, so two branches' steps of the same name stay apart.
    expect(keys).toEqual([`${o}:undo:ship:1`, `${o}:undo:reserve:1`, `${c}:undo:charge:1`, `${c}:undo:reserve:1`]);
    expect(r.state.status).toBe("failed");
  });

  it("is cancelled with its running branches", async () => {
    const r = runner(support);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(ok("run1.lookup.1.order", 1));
    await r.send({ type: "cancel", compensate: false, by: "ann" });
    expect(cancelled(r.commands)).toEqual(["run1.lookup.1.customer", "run1.lookup.1.procedure"]);
    expect(r.state.status).toBe("cancelled");
  });

  it("after a crash, the re-check timer asks again for the branches still running, with the same ids", async () => {
    const r = runner(support);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(ok("run1.lookup.1.order", 1));
    const pending = r.state.pending;
    if (pending?.type !== "children") throw new Error("expected children");
    expect(r.state.pending && "wakeAt" in r.state.pending).toBe(true);
    await r.send({ type: "timer_fired", timerId: pending.timerId });
    expect(started(r.commands).map((c) => c.runId)).toEqual(["run1.lookup.1.customer", "run1.lookup.1.procedure"]);
    expect(r.state.pending?.type === "children" && r.state.pending.timerId).not.toBe(pending.timerId);
  });

  it("is retried by its retry policy: only the failed and cancelled branches run again, the others keep their result", async () => {
    const def = structuredClone(support) as unknown as { states: { lookup: Record<string, unknown> } };
    def.states.lookup.retry = { maxAttempts: 2, initialDelayMs: 10, jitter: "none" };
    const r = runner(def as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(ok("run1.lookup.1.customer", { name: "Ann" }));
    await r.send(failed("run1.lookup.1.order"));
    expect(cancelled(r.commands)).toEqual(["run1.lookup.1.procedure"]);
    const timer = r.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: timer.timerId });
    // The customer's branch is not run again (its calls would repeat with new keys); a cancelled branch waits for its
    // cancelled run (previous): its new run starts only once that one is final, and not at all if it succeeded.
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.lookup.1.order~2", undefined],
      ["run1.lookup.1.procedure~2", "run1.lookup.1.procedure"],
    ]);
    // The cancelled run of the first attempt ends without success: the branch's new run starts now, without waiting.
    await r.send(failed("run1.lookup.1.procedure"));
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([["run1.lookup.1.procedure~2", undefined]]);
    expect((await r.send(failed("run1.lookup.1.procedure"))).ignored).toMatch(/not running/);
    await r.send(ok("run1.lookup.1.order~2", { order: 1 }));
    await r.send(ok("run1.lookup.1.procedure~2", { steps: [] }));
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toEqual({ customer: { name: "Ann" }, order: { order: 1 }, procedure: { steps: [] } });
  });

  it("a retry takes a cancelled branch that succeeded after all, and never starts its new run", async () => {
    const def = structuredClone(support) as unknown as { states: { lookup: Record<string, unknown> } };
    def.states.lookup.retry = { maxAttempts: 3, initialDelayMs: 10, jitter: "none" };
    const r = runner(def as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(failed("run1.lookup.1.order"));
    // The failure cancels the others, awaiting their calls in flight (a retry may follow).
    expect(r.commands.find((c) => c.type === "cancel_children")).toEqual({
      type: "cancel_children",
      runIds: ["run1.lookup.1.customer", "run1.lookup.1.procedure"],
      afterCall: true,
    });
    const timer = r.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: timer.timerId });
    // The customer's cancelled run finishes its call and succeeds: its outcome (and undo, under its id) is taken.
    const undo = { stateId: "call", server: "crm", tool: "undo", args: { id: 1 }, idempotencyKey: "k" };
    await r.send(ok("run1.lookup.1.customer", { name: "Ann" }, [undo] as unknown as RunState["compensations"]));
    expect(started(r.commands)).toEqual([]);
    // It fails again before the procedure's cancelled run is final: the next retry still waits for that run (its
    // "~2" run was never started) and is not told to cancel a run that does not exist.
    await r.send(failed("run1.lookup.1.order~2"));
    expect(cancelled(r.commands)).toEqual(["run1.lookup.1.procedure"]);
    const again = r.state.pending;
    if (again?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: again.timerId });
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.lookup.1.order~3", undefined],
      ["run1.lookup.1.procedure~3", "run1.lookup.1.procedure"],
    ]);
    await r.send(ok("run1.lookup.1.procedure", { steps: [1] }));
    await r.send(ok("run1.lookup.1.order~3", { order: 1 }));
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toEqual({ customer: { name: "Ann" }, order: { order: 1 }, procedure: { steps: [1] } });
    expect(r.state.compensations.map((c) => c.runId)).toEqual(["run1.lookup.1.customer"]);
  });

  it("after a crash, the re-check timer asks again for a branch's new run with the run it waits for (stored state)", async () => {
    const def = structuredClone(support) as unknown as { states: { lookup: Record<string, unknown> } };
    def.states.lookup.retry = { maxAttempts: 2, initialDelayMs: 10, jitter: "none" };
    const r = runner(def as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send(ok("run1.lookup.1.customer", { name: "Ann" }));
    await r.send(failed("run1.lookup.1.order"));
    const timer = r.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: timer.timerId });
    // The retry's commit is all that survived (its start_children was lost): the state alone says what to wait for.
    const stored = JSON.parse(JSON.stringify(r.state)) as RunState;
    const replay = runner(def as unknown as WorkflowDefinition, stored);
    const pending = stored.pending;
    if (pending?.type !== "children") throw new Error("expected children");
    await replay.send({ type: "timer_fired", timerId: pending.timerId });
    expect(started(replay.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.lookup.1.order~2", undefined],
      ["run1.lookup.1.procedure~2", "run1.lookup.1.procedure"],
    ]);
    // Cancelling the run now cancels the run the procedure's branch waits for, not its new one (never started).
    await replay.send({ type: "cancel", compensate: false, by: "ann" });
    expect(cancelled(replay.commands)).toEqual(["run1.lookup.1.order~2", "run1.lookup.1.procedure"]);
  });

  it("is not retried by its policy when the branch's failure was not retryable", async () => {
    const def = structuredClone(support) as unknown as { states: { lookup: Record<string, unknown> } };
    def.states.lookup.retry = { maxAttempts: 3, initialDelayMs: 10, jitter: "none" };
    const r = runner(def as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: { id: 7 } });
    await r.send({
      type: "child_finished",
      childId: "run1.lookup.1.order",
      status: "failed",
      output: null,
      failure: { code: "invalid_input", message: "no such order", retryable: false },
    });
    expect(r.state.pending?.type).not.toBe("timer");
    expect(r.state.failure).toEqual({ code: "lookup_failed", message: 'Branch "order" failed: no such order' });
  });
});

describe("a branch run", () => {
  const child = (): RunState => ({
    ...initialState("run1.lookup.1.customer", { id: 7 }),
    vars: { outer: true },
    parent: { runId: "run1", stateId: "lookup", key: "customer", scope: ["lookup", "customer"] },
  });

  it("cancelled by its parent's failed step while a call is in flight: awaits the call, and succeeds if it completes", async () => {
    const r = runner(support, child());
    await r.send({ type: "start", input: { id: 7 } });
    const cancel = await r.send({ type: "cancel", compensate: true, by: "the parent run", afterCall: true });
    // The call is not interrupted: its outcome says whether the work was done.
    expect(cancel.commands).toEqual([]);
    expect([r.state.status, r.state.pending?.type, r.state.cancelling]).toEqual(["running", "call", { compensate: true }]);
    expect((await r.send({ type: "cancel", compensate: true, by: "the parent run", afterCall: true })).ignored).toBeTruthy();
    await r.send({ type: "call_succeeded", result: { id: 1, name: "Ann" } });
    expect([r.state.status, r.state.output, r.state.cancelling]).toEqual(["succeeded", { id: 1, name: "Ann" }, undefined]);
  });

  it("cancelled after its call, with steps left: stops there and undoes what it did; a failed call is not retried", async () => {
    const two = structuredClone(support) as unknown as {
      states: { lookup: { branches: { customer: { states: Record<string, Record<string, unknown>> } } } };
    };
    const states = two.states.lookup.branches.customer.states;
    states.call!.next = "more";
    states.more = { type: "tool", server: "crm", tool: "more", input: {}, next: "done" };
    const r = runner(two as unknown as WorkflowDefinition, child());
    await r.send({ type: "start", input: { id: 7 } });
    await r.send({ type: "cancel", compensate: true, by: "the parent run", afterCall: true });
    await r.send({ type: "call_succeeded", result: { id: 1 } });
    // No call to "more": the run rolls back the step that completed (its undo), then ends cancelled.
    expect(r.commands.filter((c) => c.type === "call_tool").map((c) => c.type === "call_tool" && c.call.tool)).toEqual(["undo"]);
    expect(r.state.status).toBe("compensating");

    // A failed call its retry policy would try again: not tried again, the run ends cancelled.
    const retried = structuredClone(support) as unknown as typeof two;
    retried.states.lookup.branches.customer.states.call!.retry = { maxAttempts: 3, initialDelayMs: 10, jitter: "none" };
    const f = runner(retried as unknown as WorkflowDefinition, child());
    await f.send({ type: "start", input: { id: 7 } });
    await f.send({ type: "cancel", compensate: true, by: "the parent run", afterCall: true });
    await f.send({ type: "call_failed", error: { kind: "timeout", message: "slow", retryable: true } });
    expect([f.state.status, f.state.failure?.code]).toEqual(["cancelled", "cancelled"]);
    expect(f.commands.some((c) => c.type === "open_escalation" || c.type === "schedule_timer")).toBe(false);
  });

  it("cancelled with its parent (no retry follows): its call in flight is cancelled at once", async () => {
    const r = runner(support, child());
    await r.send({ type: "start", input: { id: 7 } });
    await r.send({ type: "cancel", compensate: true, by: "the parent run" });
    expect(r.commands).toContainEqual({ type: "cancel_call", stateId: "call" });
    expect(r.state.status).toBe("cancelled");
  });

  it("runs its branch's steps; its calls' idempotency keys name the branch", async () => {
    const r = runner(support, child());
    await r.send({ type: "start", input: { id: 7 } });
    const p = r.state.pending;
    expect(p?.type === "call" && [p.server, p.idempotencyKey]).toEqual(["crm", "run1.lookup.1.customer:call:1"]);
    await r.send({ type: "call_succeeded", result: { id: 1, name: "Ann" } });
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toEqual({ id: 1, name: "Ann" });
    expect(r.state.compensations.map((c) => c.tool)).toEqual(["undo"]);
  });

  it("ends failed on an uncaught error instead of asking a person (its parallel step decides)", async () => {
    const r = runner(support, child());
    await r.send({ type: "start", input: { id: 7 } });
    await r.send({ type: "call_failed", error: { kind: "tool_error", message: "no such customer", retryable: false } });
    expect(r.state.status).toBe("failed");
    expect(r.state.failure).toEqual({ code: "tool_error", message: "no such customer", retryable: false });
    expect(r.commands.some((c) => c.type === "open_escalation")).toBe(false);
  });
});

const mapDef = (extra: Record<string, unknown> = {}) =>
  ({
    schemaVersion: 1,
    name: "Each order",
    startAt: "each",
    states: {
      each: {
        type: "map",
        items: "{% $input.orders %}",
        maxConcurrency: 2,
        itemBody: { startAt: "done", states: { done: { type: "succeed", output: "{% $item * 10 %}" } } },
        assign: { totals: "{% $results %}" },
        ...extra,
        next: "done",
      },
      done: { type: "succeed", output: "{% $totals %}" },
    },
  }) as unknown as WorkflowDefinition;

describe("a map step", () => {
  it("runs items a few at a time and collects their results in the list's order", async () => {
    const r = runner(mapDef());
    await r.send({ type: "start", input: { orders: [1, 2, 3, 4, 5] } });
    expect(started(r.commands).map((c) => [c.runId, c.input, c.vars])).toEqual([
      ["run1.each.1.0", 1, { item: 1, index: 0 }],
      ["run1.each.1.1", 2, { item: 2, index: 1 }],
    ]);
    await r.send(ok("run1.each.1.1", 20));
    expect(started(r.commands).map((c) => c.runId)).toEqual(["run1.each.1.2"]);
    for (const i of [0, 2, 3, 4]) {
      await r.send(ok(`run1.each.1.${i}`, i * 10));
      if (i < 3) expect(started(r.commands)).toHaveLength(1);
    }
    expect(r.commands).toEqual([{ type: "collect_children", prefix: "run1.each.1", total: 5, attempts: 1 }]);
    await r.send({ type: "children_collected", prefix: "run1.each.1", results: [10, 20, 30, 40, 50] });
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toEqual([10, 20, 30, 40, 50]);
  });

  it("tolerates the given number of failed items, and fails (cancelling running items) on one more", async () => {
    const def = mapDef({
      toleratedFailureCount: 1,
      catch: [{ errors: ["*"], next: "done", assign: { totals: "{% $error.message %}" } }],
    });
    const r = runner(def);
    await r.send({ type: "start", input: { orders: [1, 2, 3, 4, 5] } });
    await r.send(failed("run1.each.1.0"));
    expect(started(r.commands).map((c) => c.runId)).toEqual(["run1.each.1.2"]);
    await r.send(failed("run1.each.1.2", "out of stock"));
    expect(cancelled(r.commands)).toEqual(["run1.each.1.1"]);
    expect(r.state.output).toBe('2 items of "each" failed, more than the 1 tolerated (item 2: out of stock)');
  });

  it("counts a percentage of the list as tolerated", async () => {
    const r = runner(mapDef({ toleratedFailurePercentage: 50, maxConcurrency: 4 }));
    await r.send({ type: "start", input: { orders: [1, 2, 3, 4] } });
    await r.send(failed("run1.each.1.0"));
    await r.send(failed("run1.each.1.1"));
    await r.send(ok("run1.each.1.2", 1));
    await r.send(ok("run1.each.1.3", 1));
    expect(r.commands[0]?.type).toBe("collect_children");
  });

  it("with 10,000 items keeps the run state as small as with 10 (no list, no results in it)", async () => {
    const size = async (n: number) => {
      const r = runner(mapDef({ maxConcurrency: 16 }));
      const orders = Array.from({ length: n }, (_, i) => i);
      await r.send({ type: "start", input: { orders } });
      for (let i = 0; i < 40; i++) await r.send(ok(`run1.each.1.${i}`, i));
      const { input: _input, ...rest } = r.state;
      return JSON.stringify(rest).length;
    };
    const small = await size(50);
    const large = await size(10_000);
    expect(large - small).toBeLessThan(50); // only the digits of the counters differ, never 10,000 entries
  });

  it("after a crash, re-issues the items in flight (not the finished ones) and the collection", async () => {
    const r = runner(mapDef());
    await r.send({ type: "start", input: { orders: [1, 2, 3] } });
    await r.send(ok("run1.each.1.0", 10));
    const before = r.state.pending;
    if (before?.type !== "children") throw new Error("expected children");
    await r.send({ type: "timer_fired", timerId: before.timerId });
    expect(started(r.commands).map((c) => c.runId)).toEqual(["run1.each.1.1", "run1.each.1.2"]);
    expect((await r.send(ok("run1.each.1.0", 10))).ignored).toMatch(/not running/);
    await r.send(ok("run1.each.1.1", 20));
    await r.send(ok("run1.each.1.2", 30));
    const collecting = r.state.pending;
    if (collecting?.type !== "children") throw new Error("expected children");
    await r.send({ type: "timer_fired", timerId: collecting.timerId });
    expect(r.commands).toEqual([{ type: "collect_children", prefix: "run1.each.1", total: 3, attempts: 1 }]);
  });

  it("on a retry of the step, runs only the items that did not succeed, and collects across attempts", async () => {
    const r = runner(mapDef({ retry: { maxAttempts: 2, initialDelayMs: 10, jitter: "none" } }));
    await r.send({ type: "start", input: { orders: [1, 2, 3, 4] } });
    await r.send(ok("run1.each.1.0", 10));
    await r.send(failed("run1.each.1.1"));
    expect(cancelled(r.commands)).toEqual(["run1.each.1.2"]);
    const timer = r.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: timer.timerId });
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.each.1.2~2", "run1.each.1.2"],
      ["run1.each.1.1~2", undefined],
    ]);
    // Item 2's cancelled run ends without success: its new run starts now (a duplicate report is ignored).
    await r.send(failed("run1.each.1.2"));
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([["run1.each.1.2~2", undefined]]);
    expect((await r.send(failed("run1.each.1.2"))).ignored).toMatch(/not running/);
    await r.send(ok("run1.each.1.1~2", 20));
    expect(started(r.commands).map((c) => c.runId)).toEqual(["run1.each.1.3"]);
    await r.send(ok("run1.each.1.2~2", 30));
    await r.send(ok("run1.each.1.3", 40));
    expect(r.commands).toEqual([{ type: "collect_children", prefix: "run1.each.1", total: 4, attempts: 2 }]);
  });

  it("on a retry, an item the failure cancelled waits for its run: taken if it succeeded, re-asked after a crash", async () => {
    const def = mapDef({ retry: { maxAttempts: 2, initialDelayMs: 10, jitter: "none" } });
    const r = runner(def);
    await r.send({ type: "start", input: { orders: [1, 2, 3] } });
    await r.send(failed("run1.each.1.0"));
    expect(r.commands.find((c) => c.type === "cancel_children")).toMatchObject({ runIds: ["run1.each.1.1"], afterCall: true });
    const timer = r.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await r.send({ type: "timer_fired", timerId: timer.timerId });
    expect(started(r.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.each.1.1~2", "run1.each.1.1"],
      ["run1.each.1.0~2", undefined],
    ]);
    // A crash: the re-check from the stored state asks for item 1 with the run it waits for.
    const replay = runner(def, JSON.parse(JSON.stringify(r.state)) as RunState);
    const pending = replay.state.pending;
    if (pending?.type !== "children") throw new Error("expected children");
    await replay.send({ type: "timer_fired", timerId: pending.timerId });
    expect(started(replay.commands).map((c) => [c.runId, c.previous])).toEqual([
      ["run1.each.1.1~2", "run1.each.1.1"],
      ["run1.each.1.0~2", undefined],
    ]);
    // Item 1's cancelled run succeeded after all (its call was in flight): taken, its new run never starts.
    await replay.send(ok("run1.each.1.1", 20));
    expect(started(replay.commands).map((c) => c.runId)).toEqual(["run1.each.1.2"]);
    expect((await replay.send(ok("run1.each.1.1~2", 20))).ignored).toMatch(/not running/);
    await replay.send(ok("run1.each.1.0~2", 10));
    await replay.send(ok("run1.each.1.2", 30));
    expect(replay.commands).toEqual([{ type: "collect_children", prefix: "run1.each.1", total: 3, attempts: 2 }]);
  });

  it("evaluates its list once per visit, not once per finished item", async () => {
    let evaluations = 0;
    const memo = new Map<string, Promise<unknown>>();
    const r = runner(mapDef(), initialState("run1", {}), <T>(key: string, compute: () => Promise<T>) => {
      if (!memo.has(key)) {
        evaluations++;
        memo.set(key, compute());
      }
      return memo.get(key) as Promise<T>;
    });
    await r.send({ type: "start", input: { orders: [1, 2, 3, 4, 5] } });
    for (const i of [0, 1, 2, 3, 4]) await r.send(ok(`run1.each.1.${i}`, i));
    expect(r.commands[0]?.type).toBe("collect_children");
    expect(evaluations).toBe(1);
  });

  it("fails with result_too_large, naming the step, when its collected results are over the limit", async () => {
    const r = runner(
      mapDef({ catch: [{ errors: ["result_too_large"], next: "done", assign: { totals: "{% $error.message %}" } }] }),
    );
    await r.send({ type: "start", input: { orders: [1] } });
    await r.send(ok("run1.each.1.0", 1));
    await r.send({
      type: "children_collected",
      prefix: "run1.each.1",
      results: [],
      tooLarge: { bytes: 9e6, limitBytes: 8 * 1024 * 1024 },
    });
    expect(r.state.output).toMatch(/^The results of "each" are over 8\.6 MB, more than the limit of 8\.0 MB/);
  });

  it("goes straight on with an empty list", async () => {
    const r = runner(mapDef());
    await r.send({ type: "start", input: { orders: [] } });
    expect(r.state.output).toEqual([]);
  });
});

describe("the re-check timer", () => {
  it("waits longer after each check without news, up to a minute, and starts again at 10 s after news", async () => {
    const r = runner(mapDef());
    await r.send({ type: "start", input: { orders: [1, 2, 3] } });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = r.state.pending;
      if (p?.type !== "children") throw new Error("expected children");
      delays.push(p.wakeAt - 1_000_000);
      await r.send({ type: "timer_fired", timerId: p.timerId });
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
    await r.send(ok("run1.each.1.0", 1));
    const p = r.state.pending;
    await r.send({ type: "timer_fired", timerId: p?.type === "children" ? p.timerId : "" });
    expect(r.state.pending?.type === "children" && r.state.pending.wakeAt - 1_000_000).toBe(20_000);
  });
});
