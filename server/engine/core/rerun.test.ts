import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { initialState, step } from "./step";
import { dataAt, rerunState, visitIndex, type RecordedEvent } from "./rerun";
import type { RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const demo = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../../examples/test-fixtures/support-escalation-sequential.json"), "utf8"),
) as WorkflowDefinition;

const customer = { id: "c1", name: "Ada Lovelace", address: "1 Main St", tier: "gold" };
const input = { customerEmail: "ada@example.com", orderId: "o1", issue: "Arrived broken" };
const ok = (result: unknown): RunEvent => ({ type: "call_succeeded", result });
const inputs = (ids = { n: 0 }) => ({ now: 5_000, newId: (p: string) => `${p}_${++ids.n}`, random: () => 0.5 });

/** Runs the demo with real ids (as the engine would) and records its events the way the transition log keeps them. */
async function recordedRun(events: ((run: RunState) => RunEvent)[]) {
  let run = initialState("run_parent", input);
  const log: RecordedEvent[] = [];
  const ids = { n: 0 };
  for (const [i, make] of events.entries()) {
    const event = make(run);
    const result = await step(demo, run, event, inputs(ids));
    expect(result.ignored).toBeUndefined();
    run = result.state;
    log.push({ event, at: 1_000 + i });
  }
  return { run, log };
}

const pendingCall = (run: RunState) => {
  if (run.pending?.type !== "call") throw new Error("no call pending");
  return run.pending;
};

describe("re-running from a step", () => {
  // A case the person approves: lookup, order, docs, review (approve), refund fails for good.
  const parent = () =>
    recordedRun([
      () => ({ type: "start", input }),
      (r) => ({ ...ok(customer), callId: `${pendingCall(r).idempotencyKey}#step#1` }),
      () => ok({ orderId: "o1", shippingAddress: "9 Elsewhere Rd", total: 250 }),
      () => ok({ results: [{ title: "Damaged item" }] }),
      (r) => ({
        type: "human_resolved",
        escalationId: r.pending?.type === "human" ? r.pending.escalationId : "?",
        optionId: "approve",
        by: "Sam",
      }),
    ]);

  it("replays the log to the data the run had when it entered the step, without doing anything again", async () => {
    const { run, log } = await parent();
    expect(run.current).toBe("refund");
    const data = await dataAt(demo, initialState("run_parent", input), log, { stateId: "refund", visit: 1 });
    expect(data?.path).toEqual(["lookup_customer", "check_order", "search_docs", "decide", "review_case"]);
    expect(data?.vars).toMatchObject({ customer, order: { total: 250 }, decision: { option: "approve", by: "Sam" } });
    expect(data?.input).toEqual(input);
    // A step in the middle: only what came before it.
    const mid = await dataAt(demo, initialState("run_parent", input), log, { stateId: "search_docs", visit: 1 });
    expect(mid?.path).toEqual(["lookup_customer", "check_order"]);
    expect(mid?.vars).toEqual({ customer, order: { orderId: "o1", shippingAddress: "9 Elsewhere Rd", total: 250 } });
    // A step the run never reached.
    expect(await dataAt(demo, initialState("run_parent", input), log, { stateId: "email_customer", visit: 1 })).toBeNull();
  });

  it("starts the new run at the step: its tool is called afresh, under the new run's idempotency key", async () => {
    const { log } = await parent();
    const data = (await dataAt(demo, initialState("run_parent", input), log, { stateId: "search_docs", visit: 1 }))!;
    const seed = rerunState("run_child", data, "search_docs");
    expect(seed).toMatchObject({ status: "queued", visits: { lookup_customer: 1, check_order: 1 } });
    const started = await step(demo, seed, { type: "start", input }, inputs());
    const call = pendingCall(started.state);
    expect(call).toMatchObject({ stateId: "search_docs", visit: 1, idempotencyKey: "run_child:search_docs:1" });
    expect(started.commands.map((c) => c.type)).toEqual(["call_tool"]);
    expect(started.state.path).toEqual(["lookup_customer", "check_order", "search_docs"]);
    expect(started.state.resume).toBeNull();
    // A duplicate start changes nothing.
    expect((await step(demo, started.state, { type: "start", input }, inputs())).ignored).toBeDefined();
  });

  it("calls the step's tool with edited arguments when given", async () => {
    const { log } = await parent();
    const data = (await dataAt(demo, initialState("run_parent", input), log, { stateId: "refund", visit: 1 }))!;
    const started = await step(
      demo,
      rerunState("run_child", data, "refund", { orderId: "o1", amount: 10, reason: "partial" }),
      { type: "start", input },
      inputs(),
    );
    expect(pendingCall(started.state).args).toEqual({ orderId: "o1", amount: 10, reason: "partial" });
  });

  it("replays events that answer ids made at run time (a lock's grant, a call), re-addressed to the replay's own", async () => {
    const locked: WorkflowDefinition = {
      schemaVersion: 1,
      name: "Locked update",
      startAt: "take",
      states: {
        take: { type: "lock", key: "customer:{% $input.id %}", next: "update" },
        update: { type: "tool", server: "crm", tool: "update", input: {}, assign: { updated: "{% $result %}" }, next: "mail" },
        mail: { type: "tool", server: "email", tool: "send", input: {}, next: "done" },
        done: { type: "succeed" },
      },
    };
    // Ids as the engine made them when the parent ran; the replay's own ids differ ("lck_replay1").
    const log: RecordedEvent[] = [
      { event: { type: "start", input: { id: 7 } }, at: 1 },
      { event: { type: "lock_granted", lockId: "lck_00mwv6abc" }, at: 2 },
      { event: { type: "call_succeeded", result: { ok: true }, callId: "run_parent:update:1#step#1" }, at: 3 },
    ];
    const data = await dataAt(locked, initialState("run_parent", { id: 7 }), log, { stateId: "mail", visit: 1 });
    expect(data).toEqual({ input: { id: 7 }, vars: { updated: { ok: true } }, path: ["take", "update"], compensations: [] });
  });

  it("finds the n-th visit of a step in a path", () => {
    expect(visitIndex(["a", "b", "a", "c"], { stateId: "a", visit: 2 })).toBe(2);
    expect(visitIndex(["a", "b"], { stateId: "a", visit: 2 })).toBe(-1);
  });
});
