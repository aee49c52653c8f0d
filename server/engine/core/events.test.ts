import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import type { LogEvent, RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { validateDefinition } from "@/lib/workflow/validate";

const NOW = 1_000_000;

const def: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Wait for shipping",
  startAt: "announce",
  states: {
    announce: {
      type: "emit",
      eventType: "case.opened",
      key: "{% $input.customerId %}",
      payload: { orderId: "{% $input.orderId %}" },
      next: "shipped",
    },
    shipped: {
      type: "waitForEvent",
      eventType: "order.shipped",
      key: "{% $input.customerId %}",
      lookbackSeconds: 60,
      timeoutSeconds: 600,
      onTimeout: "late",
      assign: { carrier: "{% $event.payload.carrier %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $carrier %}" },
    late: { type: "fail", error: "late", message: "No shipment" },
  },
};

async function started(d = def, input: unknown = { customerId: 42, orderId: "o1" }) {
  let n = 0;
  const inputs = { now: NOW, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
  const first = await step(d, initialState("run1", input), { type: "start", input }, inputs);
  const send = (state: RunState, event: RunEvent) => step(d, state, event, inputs);
  return { first, send };
}

const shippedEvent = (over: Partial<LogEvent> = {}): LogEvent => ({
  id: "e1",
  type: "order.shipped",
  payload: { carrier: "DHL" },
  key: "42",
  source: "http",
  time: NOW,
  ...over,
});

describe("events in the core", () => {
  it("an emit step publishes an event with a stable id, its key as text and its data, then goes on", async () => {
    const { first } = await started();
    expect(first.commands[0]).toEqual({
      type: "emit_event",
      event: { id: "evt:run1:announce:1", type: "case.opened", payload: { orderId: "o1" }, key: "42", source: "workflow:run1" },
    });
    expect(first.state.path).toEqual(["announce", "shipped"]);
  });

  it("parks on a waitForEvent step with the key, the look-back window and the time limit as a durable timer", async () => {
    const { first } = await started();
    expect(first.state.status).toBe("waiting");
    expect(first.state.pending).toEqual({
      type: "event",
      waitId: "ewt_1",
      stateId: "shipped",
      eventType: "order.shipped",
      key: "42",
      since: NOW - 60_000,
      timerId: "tmr_2",
      wakeAt: NOW + 600_000,
    });
    expect(first.commands.map((c) => c.type)).toEqual(["emit_event", "wait_for_event", "schedule_timer"]);
  });

  it("resumes on a matching event, keeping what the step says from $event", async () => {
    const { first, send } = await started();
    const r = await send(first.state, { type: "event_received", waitId: "ewt_1", event: shippedEvent() });
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toBe("DHL");
    expect(r.state.consumedEvents).toEqual(["e1"]);
  });

  it("ignores events for another key, another type, before the look-back window, or for an old wait", async () => {
    const { first, send } = await started();
    const wait = { type: "event_received" as const, waitId: "ewt_1" };
    for (const event of [
      shippedEvent({ key: "43" }),
      shippedEvent({ type: "order.cancelled" }),
      shippedEvent({ time: NOW - 61_000 }),
    ]) {
      expect((await send(first.state, { ...wait, event })).ignored).toMatch(/does not match/);
    }
    expect((await send(first.state, { ...wait, waitId: "old", event: shippedEvent() })).ignored).toMatch(/not waiting/);
  });

  it("takes the timeout route when the time limit passes, and ignores a late event afterwards", async () => {
    const { first, send } = await started();
    const timedOut = await send(first.state, { type: "timer_fired", timerId: "tmr_2" });
    expect(timedOut.state).toMatchObject({ status: "failed", failure: { code: "late" } });
    const late = await send(timedOut.state, { type: "event_received", waitId: "ewt_1", event: shippedEvent() });
    expect(late.ignored).toBeDefined();
  });

  it("fails the step when the correlation key is empty, rather than taking any event", async () => {
    const { first } = await started(def, { orderId: "o1" });
    expect(first.state.pending?.type).not.toBe("event");
    expect(first.state.error?.message ?? first.state.failure?.message).toMatch(/correlation key of "shipped" is empty/);
  });

  it("does not take the same event twice in a loop", async () => {
    const loop: WorkflowDefinition = {
      ...def,
      startAt: "shipped",
      states: { ...def.states, done: { type: "choice", choices: [{ when: "{% true %}", next: "shipped" }] } },
    };
    const { first, send } = await started(loop);
    const again = await send(first.state, { type: "event_received", waitId: "ewt_1", event: shippedEvent() });
    expect(again.state.pending).toMatchObject({ type: "event", stateId: "shipped" });
    const waitId = (again.state.pending as { waitId: string }).waitId;
    const twice = await send(again.state, { type: "event_received", waitId, event: shippedEvent() });
    expect(twice.ignored).toMatch(/does not match/);
  });

  it("the validator accepts the new steps and asks for a timeout route with a time limit", () => {
    expect(validateDefinition(def).problems.filter((p) => p.severity === "error")).toEqual([]);
    const { onTimeout: _o, ...noRoute } = def.states.shipped as Record<string, unknown>;
    const bad = { ...def, states: { ...def.states, shipped: noRoute } };
    expect(validateDefinition(bad).problems.map((p) => p.code)).toContain("timeout_without_route");
    const badType = { ...def, states: { ...def.states, announce: { ...def.states.announce, eventType: "has spaces" } } };
    expect(validateDefinition(badType).problems.some((p) => p.path.join(".") === "states.announce.eventType")).toBe(true);
  });
});
