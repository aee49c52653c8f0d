/**
 * Execution semantics of the pure core: a person's loop back to a step whose call timed out re-sends the same
 * idempotency key; $error reaches the steps a catch route leads to; engine-made inbox titles name steps by title;
 * use_cached honours a step's freshness limit.
 */
import { describe, expect, it } from "vitest";
import { initialState, step, isFresh } from "./step";
import type { Command, EscalationRequest, RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

function runner(def: WorkflowDefinition, now = 1_000_000) {
  let n = 0;
  const inputs = { now, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
  let state: RunState = initialState("run1", {});
  return {
    get state() {
      return state;
    },
    async send(event: RunEvent) {
      const result = await step(def, state, event, inputs);
      state = result.state;
      return result;
    },
    call() {
      const p = state.pending;
      if (p?.type !== "call") throw new Error(`expected a pending call, run is ${state.status} with ${JSON.stringify(p)}`);
      return p;
    },
  };
}

const escalationOf = (commands: Command[]): EscalationRequest => {
  const c = commands.find((x) => x.type === "open_escalation");
  if (c?.type !== "open_escalation") throw new Error("no escalation opened");
  return c.escalation;
};

const timeout: RunEvent = { type: "call_failed", error: { kind: "timeout", message: "took too long", retryable: true } };

/** EXECUTION times out; its catch route asks a person, who may send the run back to it. */
const loop = {
  schemaVersion: 1,
  name: "Pay",
  startAt: "execution",
  states: {
    execution: {
      type: "tool",
      title: "Execute the payment",
      server: "payments",
      tool: "pay",
      input: { amount: 10 },
      catch: [{ errors: ["timeout"], next: "review" }],
      next: "done",
    },
    review: {
      type: "human",
      title: "The payment timed out",
      options: [
        { id: "again", label: "Try again", next: "execution" },
        { id: "stop", label: "Stop", next: "failed" },
      ],
    },
    failed: { type: "fail", error: "payment_failed", message: "{% 'Gave up: ' & $error.message %}" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

describe("a loop back to a step whose call has an unknown outcome", () => {
  it("re-sends the timed-out call's idempotency key, and the inbox item says so", async () => {
    const r = runner(loop);
    await r.send({ type: "start", input: {} });
    expect(r.call().idempotencyKey).toBe("run1:execution:1");
    const toPerson = await r.send(timeout);
    expect(escalationOf(toPerson.commands).details).toEqual({
      unsettled: [{ stateId: "execution", title: "Execute the payment", idempotencyKey: "run1:execution:1" }],
    });
    const pending = r.state.pending;
    if (pending?.type !== "human") throw new Error("expected the person");
    await r.send({ type: "human_resolved", escalationId: pending.escalationId, optionId: "again", by: "ann" });
    // Visit 2 of the step, but the same operation: the server can recognise it.
    expect(r.call()).toMatchObject({ visit: 2, idempotencyKey: "run1:execution:1", keyReused: true });

    // Once the step completes, a later visit gets a key of its own.
    await r.send({ type: "call_succeeded", result: {} });
    expect(r.state.status).toBe("succeeded");
    expect(r.state.unsettled).toEqual({});
  });

  it("a step whose previous call was answered gets a fresh key on its next visit", async () => {
    const answered = structuredClone(loop) as unknown as { states: { execution: { catch: { errors: string[] }[] } } };
    answered.states.execution.catch[0]!.errors = ["*"];
    const r = runner(answered as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: {} });
    const toPerson = await r.send({ type: "call_failed", error: { kind: "tool_error", message: "declined", retryable: false } });
    expect(escalationOf(toPerson.commands).details).toBeNull();
    const pending = r.state.pending;
    if (pending?.type !== "human") throw new Error("expected the person");
    await r.send({ type: "human_resolved", escalationId: pending.escalationId, optionId: "again", by: "ann" });
    expect(r.call().idempotencyKey).toBe("run1:execution:2");
    expect(r.call().keyReused).toBeUndefined();
  });

  it("after a crash left the call unanswered, the key is kept too", async () => {
    const r = runner(loop);
    await r.send({ type: "start", input: {} });
    await r.send({ type: "call_outcome_unknown" });
    expect(r.state.unsettled).toEqual({ execution: "run1:execution:1" });
  });
});

describe("$error after a catch route", () => {
  it("is bound in the step the route leads to: a fail step's message names the error", async () => {
    const r = runner(loop);
    await r.send({ type: "start", input: {} });
    await r.send(timeout);
    const pending = r.state.pending;
    if (pending?.type !== "human") throw new Error("expected the person");
    await r.send({ type: "human_resolved", escalationId: pending.escalationId, optionId: "stop", by: "ann" });
    expect(r.state.failure).toEqual({ code: "payment_failed", message: "Gave up: took too long" });
  });
});

describe("inbox titles made by the engine", () => {
  it("name the step by its title, not its id", async () => {
    const noRoute = structuredClone(loop) as unknown as { states: Record<string, { catch?: unknown }> };
    delete noRoute.states.execution!.catch;
    const r = runner(noRoute as unknown as WorkflowDefinition);
    await r.send({ type: "start", input: {} });
    const failed = await r.send({ type: "call_failed", error: { kind: "tool_error", message: "no", retryable: false } });
    expect(escalationOf(failed.commands).title).toBe('"Execute the payment" failed');
    const r2 = runner(noRoute as unknown as WorkflowDefinition);
    await r2.send({ type: "start", input: {} });
    const unknown = await r2.send({ type: "call_outcome_unknown" });
    expect(escalationOf(unknown.commands).title).toBe('Did "Execute the payment" happen? The outcome is unknown');
  });
});

describe("use_cached with a freshness limit", () => {
  const cachedDef = (maxCacheAgeSeconds?: number) =>
    ({
      schemaVersion: 1,
      name: "Look up",
      startAt: "lookup",
      states: {
        lookup: {
          type: "tool",
          server: "crm",
          tool: "find",
          input: {},
          breaker: { whenOpen: "use_cached", ...(maxCacheAgeSeconds ? { maxCacheAgeSeconds } : {}) },
          assign: { found: "{% $result %}" },
          next: "done",
        },
        done: { type: "succeed", output: "{% $found %}" },
      },
    }) as unknown as WorkflowDefinition;

  it("uses a cached result of any age by default", async () => {
    const r = runner(cachedDef(), 10_000_000_000);
    await r.send({ type: "start", input: {} });
    await r.send({ type: "breaker_open", retryAt: 10_000_030_000, cached: { result: { id: "c1" }, savedAt: 1 } });
    expect(r.state).toMatchObject({ status: "succeeded", output: { id: "c1" } });
  });

  it("waits for the breaker instead when the cached result is older than the step's limit", async () => {
    const now = 10_000_000_000;
    const r = runner(cachedDef(3600), now);
    await r.send({ type: "start", input: {} });
    await r.send({ type: "breaker_open", retryAt: now + 30_000, cached: { result: { id: "c1" }, savedAt: now - 3_601_000 } });
    expect(r.state).toMatchObject({ status: "waiting", pending: { type: "timer", reason: "breaker", wakeAt: now + 30_000 } });

    const fresh = runner(cachedDef(3600), now);
    await fresh.send({ type: "start", input: {} });
    await fresh.send({ type: "breaker_open", retryAt: now + 30_000, cached: { result: { id: "c2" }, savedAt: now - 60_000 } });
    expect(fresh.state).toMatchObject({ status: "succeeded", output: { id: "c2" } });
  });

  it("judges freshness from the time the result was saved", () => {
    expect(isFresh(undefined, undefined, 5)).toBe(true);
    expect(isFresh(undefined, 10, 5)).toBe(false);
    expect(isFresh(0, 10, 10_000)).toBe(true);
    expect(isFresh(0, 10, 10_001)).toBe(false);
  });
});
