import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { initialState, step } from "./step";
import type { Command, RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const demo = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../../examples/test-fixtures/support-escalation-sequential.json"), "utf8"),
) as WorkflowDefinition;

function runner(def: WorkflowDefinition, input: unknown = {}) {
  let n = 0;
  const inputs = { now: 1_000_000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
  let state: RunState = initialState("run1", input);
  const log: Command[][] = [];
  return {
    get state() {
      return state;
    },
    inputs,
    async send(event: RunEvent) {
      const result = await step(def, state, event, inputs);
      state = result.state;
      log.push(result.commands);
      return result;
    },
    /** The pending call, asserting there is one. */
    call() {
      const p = state.pending;
      if (p?.type !== "call") throw new Error(`expected a pending call, run is ${state.status} with ${JSON.stringify(p)}`);
      return p;
    },
  };
}

const customer = { id: "c1", name: "Ada Lovelace", address: "1 Main St", tier: "gold" };
const order = (shippingAddress: string, total: number) => ({ orderId: "o1", shippingAddress, total });
const input = { customerEmail: "ada@example.com", orderId: "o1", issue: "Arrived broken" };
const ok = (result: unknown): RunEvent => ({ type: "call_succeeded", result });
const fail = (kind: "timeout" | "tool_error" | "invalid_input", retryable = true): RunEvent => ({
  type: "call_failed",
  error: { kind, message: `${kind}!`, retryable },
});

async function toDecision(r: ReturnType<typeof runner>, shipping: string, total: number) {
  await r.send({ type: "start", input });
  await r.send(ok(customer));
  await r.send(ok(order(shipping, total)));
  return r.send(ok({ results: [{ title: "Damaged item" }] }));
}

describe("the executor core on the demo workflow", () => {
  it("calls each tool with evaluated arguments and an idempotency key per visit", async () => {
    const r = runner(demo);
    const started = await r.send({ type: "start", input });
    expect(started.commands).toEqual([
      {
        type: "call_tool",
        timeoutMs: 10_000,
        call: {
          type: "call",
          stateId: "lookup_customer",
          visit: 1,
          attempt: 1,
          server: "crm",
          tool: "find_customer",
          args: { email: "ada@example.com" },
          idempotencyKey: "run1:lookup_customer:1",
          purpose: "step",
        },
      },
    ]);
    await r.send(ok(customer));
    expect(r.call()).toMatchObject({ server: "orders", tool: "get_order", args: { orderId: "o1" } });
  });

  it("takes the standard path, refunds, logs, emails and succeeds with the output", async () => {
    const r = runner(demo);
    await toDecision(r, "1 Main St", 120);
    expect(r.call()).toMatchObject({ stateId: "refund", args: { orderId: "o1", amount: 120, reason: "Arrived broken" } });
    await r.send(ok({ refundId: "r9", amount: 120 }));
    expect(r.call()).toMatchObject({ stateId: "log_ticket", args: { customerId: "c1", body: "Refunded 120" } });
    await r.send(ok({ ticketId: "T-1" }));
    expect(r.call().args).toMatchObject({ to: "ada@example.com", body: "We have refunded your order. Ticket T-1" });
    const done = await r.send(ok({ sent: true }));
    expect(done.commands).toEqual([{ type: "run_finished", status: "succeeded" }]);
    expect(r.state).toMatchObject({ status: "succeeded", output: { ticketId: "T-1", refunded: true } });
    expect(r.state.path).toEqual([
      "lookup_customer",
      "check_order",
      "search_docs",
      "decide",
      "refund",
      "log_ticket",
      "email_customer",
      "done",
    ]);
  });

  it("asks a person when the addresses conflict, with the context filled in, and follows the chosen option", async () => {
    const r = runner(demo);
    const parked = await toDecision(r, "99 Other Rd", 120);
    const open = parked.commands[0];
    expect(open?.type).toBe("open_escalation");
    if (open?.type !== "open_escalation") return;
    expect(open.escalation).toMatchObject({
      stateId: "review_case",
      reason: "human_step",
      title: "Review the case of Ada Lovelace",
      context: { "Address on file": "1 Main St", "Order shipped to": "99 Other Rd", "Order total": 120 },
      options: [
        { id: "approve", label: "Approve the refund", next: "refund" },
        { id: "decline", label: "Decline the refund", next: "log_ticket" },
      ],
      assigneeGroup: "support",
      dueAt: 1_000_000 + 60 * 60_000,
    });
    expect(r.state.status).toBe("waiting");
    await r.send({ type: "human_resolved", escalationId: open.escalation.escalationId, optionId: "decline", by: "sam" });
    expect(r.call()).toMatchObject({ stateId: "log_ticket", args: { body: "No refund issued" } });
    expect(r.state.vars.decision).toMatchObject({ option: "decline", by: "sam" });
  });

  it("takes the timeout route when nobody decides within the SLA", async () => {
    const r = runner(demo);
    await toDecision(r, "99 Other Rd", 120);
    const pending = r.state.pending;
    if (pending?.type !== "human") throw new Error("expected a person");
    await r.send({ type: "human_timed_out", escalationId: pending.escalationId });
    expect(r.state).toMatchObject({ status: "failed", failure: { code: "sla_expired" } });
  });

  it("retries with a durable backoff timer, then follows the catch route", async () => {
    const r = runner(demo);
    await r.send({ type: "start", input });
    const first = await r.send(fail("timeout"));
    // Attempt 1 failed: full jitter with random 0.5 of 500 ms.
    expect(first.commands).toEqual([
      {
        type: "schedule_timer",
        timer: { type: "timer", timerId: "tmr_1", stateId: "lookup_customer", reason: "retry", wakeAt: 1_000_250 },
      },
    ]);
    expect(r.state.status).toBe("retrying");
    await r.send({ type: "timer_fired", timerId: "tmr_1" });
    expect(r.call()).toMatchObject({ attempt: 2, idempotencyKey: "run1:lookup_customer:1" });
    await r.send(fail("timeout"));
    await r.send({ type: "timer_fired", timerId: "tmr_2" });
    expect(r.call().attempt).toBe(3);
    const last = await r.send(fail("timeout"));
    // maxAttempts 3 reached: the catch route ["*"] goes to the review.
    expect(last.commands[0]).toMatchObject({ type: "open_escalation", escalation: { stateId: "review_case" } });
  });

  it("does not retry an error that retrying cannot fix", async () => {
    const r = runner(demo);
    await r.send({ type: "start", input });
    const result = await r.send(fail("invalid_input", false));
    expect(result.commands[0]).toMatchObject({ type: "open_escalation", escalation: { stateId: "review_case" } });
  });

  it("rolls back the refund, newest compensation first, when a late step fails", async () => {
    const r = runner(demo);
    await toDecision(r, "1 Main St", 120);
    await r.send(ok({ refundId: "r9", amount: 120 }));
    // log_ticket fails 5 times (its retry policy), then its catch route rolls back.
    for (let i = 1; i <= 4; i++) {
      await r.send(fail("tool_error"));
      const timer = r.state.pending;
      if (timer?.type !== "timer") throw new Error("expected a backoff");
      await r.send({ type: "timer_fired", timerId: timer.timerId });
    }
    const rollback = await r.send(fail("tool_error"));
    expect(rollback.commands).toEqual([
      {
        type: "call_tool",
        timeoutMs: 60_000,
        call: expect.objectContaining({
          server: "orders",
          tool: "reverse_refund",
          args: { refundId: "r9" },
          purpose: "compensation",
          idempotencyKey: "run1:undo:refund:1",
        }) as object,
      },
    ]);
    expect(r.state.status).toBe("compensating");
    const end = await r.send(ok({ reversed: true }));
    expect(end.commands).toEqual([{ type: "run_finished", status: "failed" }]);
    expect(r.state).toMatchObject({ status: "failed", failure: { code: "rolled_back" }, compensations: [] });
  });

  it("ignores a late answer meant for another call (e.g. from an engine that lost the run)", async () => {
    const r = runner(demo);
    await r.send({ type: "start", input });
    const first = r.call();
    await r.send({ type: "call_succeeded", result: customer, callId: `${first.idempotencyKey}#step#1` });
    expect(r.call().stateId).toBe("check_order");
    // The customer lookup's answer arrives again: it must not be taken for the order.
    const late = await r.send({ type: "call_succeeded", result: customer, callId: `${first.idempotencyKey}#step#1` });
    expect(late.ignored).toBe("the answer is for another call than the pending one");
    expect(r.state.vars.order).toBeUndefined();
  });

  it("ignores events that do not fit the run", async () => {
    const r = runner(demo);
    await r.send({ type: "start", input });
    const stale = await r.send({ type: "timer_fired", timerId: "nope" });
    expect(stale.ignored).toBe("no such timer is pending");
    expect((await r.send({ type: "start", input })).ignored).toBe("the run has already started");
  });
});

const tool = (next: string, extra: Record<string, unknown> = {}) => ({
  type: "tool" as const,
  server: "s",
  tool: "t",
  next,
  ...extra,
});
const def = (states: Record<string, unknown>, startAt = "a"): WorkflowDefinition =>
  ({ schemaVersion: 1, name: "T", startAt, states }) as unknown as WorkflowDefinition;

describe("the executor core, state by state", () => {
  it("undoes completed steps in reverse order, then continues at the catch target", async () => {
    const d = def({
      a: tool("b", { compensate: { server: "s", tool: "undo_a", input: { v: "{% $result.v %}" } } }),
      b: tool("c", { compensate: { server: "s", tool: "undo_b" } }),
      c: tool("done", { catch: [{ errors: ["*"], next: "after", rollback: true }] }),
      after: { type: "fail", error: "rolled_back" },
      done: { type: "succeed" },
    });
    const r = runner(d);
    await r.send({ type: "start", input: {} });
    await r.send(ok({ v: 7 }));
    await r.send(ok({}));
    await r.send(fail("tool_error", false));
    expect(r.call()).toMatchObject({ tool: "undo_b", purpose: "compensation" });
    await r.send(ok({}));
    expect(r.call()).toMatchObject({ tool: "undo_a", args: { v: 7 } });
    await r.send(ok({}));
    expect(r.state).toMatchObject({ status: "failed", failure: { code: "rolled_back" } });
  });

  it("sends a compensation that keeps failing to a person", async () => {
    const d = def({
      a: tool("b", { compensate: { server: "s", tool: "undo_a" } }),
      b: tool("done", { catch: [{ errors: ["*"], next: "done", rollback: true }] }),
      done: { type: "succeed" },
    });
    const r = runner(d);
    await r.send({ type: "start", input: {} });
    await r.send(ok({}));
    await r.send(fail("tool_error"));
    for (let i = 0; i < 4; i++) {
      await r.send(fail("timeout"));
      const t = r.state.pending;
      if (t?.type !== "timer") throw new Error("expected a retry timer");
      await r.send({ type: "timer_fired", timerId: t.timerId });
      expect(r.call().attempt).toBe(i + 2);
    }
    const escalated = await r.send(fail("timeout"));
    expect(escalated.commands[0]).toMatchObject({
      type: "open_escalation",
      escalation: { reason: "compensation_failed", stateId: "a" },
    });
    // A person says it was undone by hand: the roll-back goes on.
    await r.send({ type: "skip_step", result: null, by: "ops" });
    expect(r.state.status).toBe("succeeded");
  });

  it("escalates an unhandled failure; retrying with edited arguments or skipping with a result continues", async () => {
    const d = def({
      a: tool("done", { input: { q: 1 }, retry: { maxAttempts: 1 } }),
      done: { type: "succeed", output: "{% $r %}" },
    });
    const r = runner(d);
    await r.send({ type: "start", input: {} });
    const escalated = await r.send(fail("tool_error"));
    expect(escalated.commands[0]).toMatchObject({ type: "open_escalation", escalation: { reason: "no_route", options: [] } });
    await r.send({ type: "retry_step", args: { q: 2 }, by: "ops" });
    // A new attempt with its own number: the failed attempt's record (what it sent) is not overwritten.
    expect(r.call()).toMatchObject({ args: { q: 2 }, attempt: 2 });
    await r.send(fail("tool_error"));
    await r.send({ type: "skip_step", result: { x: 1 }, by: "ops" });
    expect(r.state.status).toBe("succeeded");
  });

  it("gives a person's retry the whole retry policy again, numbering attempts on", async () => {
    const d = def({ a: tool("done", { retry: { maxAttempts: 2 } }), done: { type: "succeed" } });
    const r = runner(d);
    await r.send({ type: "start", input: {} });
    const retryOnce = async () => {
      await r.send(fail("timeout"));
      const t = r.state.pending;
      if (t?.type !== "timer") throw new Error("expected a retry timer");
      await r.send({ type: "timer_fired", timerId: t.timerId });
    };
    await retryOnce();
    expect(r.call().attempt).toBe(2);
    await r.send(fail("timeout"));
    expect(r.state.pending?.type).toBe("human");
    await r.send({ type: "retry_step", by: "ops" });
    expect(r.call().attempt).toBe(3);
    await retryOnce();
    expect(r.call().attempt).toBe(4);
    const escalated = await r.send(fail("timeout"));
    expect(escalated.commands[0]).toMatchObject({ type: "open_escalation", escalation: { reason: "retries_exhausted" } });
  });

  it.each([
    ["wait", { whenOpen: "wait" }, { type: "schedule_timer" }, "waiting"],
    ["escalate", { whenOpen: "escalate" }, { type: "open_escalation" }, "waiting"],
    ["use the cached result", { whenOpen: "use_cached" }, { type: "run_finished", status: "succeeded" }, "succeeded"],
  ])("with the breaker open, a step set to %s does so", async (_label, breaker, command, status) => {
    const r = runner(def({ a: tool("done", { breaker }), done: { type: "succeed" } }));
    await r.send({ type: "start", input: {} });
    const result = await r.send({ type: "breaker_open", retryAt: 2_000_000, cached: { result: { cached: true } } });
    expect(result.commands[0]).toMatchObject(command);
    expect(r.state.status).toBe(status);
  });

  it("waits for a duration or until a time, durably", async () => {
    const r = runner(
      def({
        a: { type: "wait", seconds: 90, next: "b" },
        b: { type: "wait", until: "{% $input.at %}", next: "done" },
        done: { type: "succeed" },
      }),
    );
    const first = await r.send({ type: "start", input: { at: "2030-01-01T00:00:00Z" } });
    expect(first.commands[0]).toMatchObject({ type: "schedule_timer", timer: { reason: "wait", wakeAt: 1_000_000 + 90_000 } });
    const second = await r.send({ type: "timer_fired", timerId: "tmr_1" });
    expect(second.commands[0]).toMatchObject({ type: "schedule_timer", timer: { wakeAt: Date.parse("2030-01-01T00:00:00Z") } });
  });

  it("evaluates choices in order with a default, passing through several at once", async () => {
    const d = def({
      a: {
        type: "choice",
        choices: [
          { when: "{% $input.n > 10 %}", next: "big" },
          { when: "{% $input.n > 5 %}", next: "b2" },
        ],
        default: "small",
      },
      b2: { type: "choice", choices: [{ when: "{% $input.n = 7 %}", next: "seven" }], default: "small" },
      big: { type: "succeed", output: "big" },
      seven: { type: "succeed", output: "seven" },
      small: { type: "succeed", output: "small" },
    });
    for (const [n, out] of [
      [20, "big"],
      [7, "seven"],
      [6, "small"],
      [1, "small"],
    ] as const) {
      const r = runner(d);
      await r.send({ type: "start", input: { n } });
      expect(r.state.output).toBe(out);
    }
  });

  it("turns an expression that fails at run time into an error routed like any other", async () => {
    const r = runner(
      def({
        a: tool("done", { input: { x: "{% $undefinedFn() %}" }, catch: [{ errors: ["expression_error"], next: "bad" }] }),
        done: { type: "succeed" },
        bad: { type: "fail", error: "bad_input" },
      }),
    );
    await r.send({ type: "start", input: {} });
    expect(r.state).toMatchObject({ status: "failed", failure: { code: "bad_input" } });
  });

  it("turns an expression over a limit into expression_limit, caught by a catch route (issue 15)", async () => {
    const hostile = "{% ($f := function($x){ $f($x) }; $f(1)) %}";
    const r = runner(
      def({
        a: tool("done", { input: { x: hostile }, catch: [{ errors: ["expression_limit"], next: "bad" }] }),
        done: { type: "succeed" },
        bad: { type: "fail", error: "too_slow" },
      }),
    );
    await r.send({ type: "start", input: {} });
    expect(r.state).toMatchObject({ status: "failed", failure: { code: "too_slow" } });

    const choice = runner(
      def({
        a: { type: "choice", choices: [{ when: "{% $count([1..10000000]) > 0 %}", next: "done" }], default: "done" },
        done: { type: "succeed" },
      }),
    );
    await choice.send({ type: "start", input: {} });
    expect(JSON.stringify(choice.state)).toMatch(/expression_limit/);
    expect(JSON.stringify(choice.state)).toMatch(/Condition 1 of \\"a\\".*more than 100000 items/);
  });

  it("cancels: stops the pending call, and with compensation undoes completed steps first", async () => {
    const d = def({ a: tool("b", { compensate: { server: "s", tool: "undo_a" } }), b: tool("done"), done: { type: "succeed" } });
    const plain = runner(d);
    await plain.send({ type: "start", input: {} });
    const cancelled = await plain.send({ type: "cancel", compensate: false, by: "ops" });
    expect(cancelled.commands).toEqual([
      { type: "cancel_call", stateId: "a" },
      { type: "run_finished", status: "cancelled" },
    ]);

    const undo = runner(d);
    await undo.send({ type: "start", input: {} });
    await undo.send(ok({}));
    const rolling = await undo.send({ type: "cancel", compensate: true, by: "ops" });
    expect(rolling.commands.map((c) => c.type)).toEqual(["cancel_call", "call_tool"]);
    await undo.send(ok({}));
    expect(undo.state.status).toBe("cancelled");
  });

  it("goes to a person when a call's outcome is unknown after a crash", async () => {
    const r = runner(def({ a: tool("done"), done: { type: "succeed" } }));
    await r.send({ type: "start", input: {} });
    const result = await r.send({ type: "call_outcome_unknown" });
    expect(result.commands[0]).toMatchObject({
      type: "open_escalation",
      escalation: { reason: "outcome_unknown", stateId: "a" },
    });
  });

  it("gives each visit of a state its own idempotency key", async () => {
    const d = def({
      a: tool("c"),
      c: { type: "choice", choices: [{ when: "{% $count < 2 %}", next: "a" }], default: "done" },
      done: { type: "succeed" },
    });
    const r = runner(d);
    await r.send({ type: "start", input: {} });
    expect(r.call().idempotencyKey).toBe("run1:a:1");
    // Loop back once: a is visited again with a new key.
    const withCount = { ...r.state, vars: { count: 1 } };
    const next = await step(d, withCount, ok({}), r.inputs);
    expect(next.state.pending).toMatchObject({ stateId: "a", idempotencyKey: "run1:a:2" });
  });
});
