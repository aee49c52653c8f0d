import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState } from "../../engine/core/types";
import { DEFAULT_STUCK_SETTINGS, detectStuck, duration, type RunSnapshot, type StuckInputs } from "./stuck-detector";

const MIN = 60_000;
const NOW = 1_000 * MIN;
const definition = {
  schemaVersion: 1,
  name: "t",
  startAt: "call",
  states: {
    call: { type: "tool", server: "orders", tool: "get_order", input: {}, timeoutMs: 10_000, next: "done" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

function run(state: Partial<RunState>, row: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: "run_1",
    status: "running",
    seq: 3,
    lastTransitionAt: NOW - MIN,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...row,
    state: {
      runId: "run_1",
      status: "running",
      current: "call",
      visits: { call: 1 },
      attempt: 1,
      input: {},
      vars: {},
      compensations: [],
      rollback: null,
      pending: null,
      output: null,
      error: null,
      failure: null,
      path: [],
      ...state,
    },
  };
}

const call = {
  type: "call" as const,
  stateId: "call",
  visit: 1,
  attempt: 1,
  server: "orders",
  tool: "get_order",
  args: {},
  idempotencyKey: "run_1:call:1",
  purpose: "step" as const,
};
const x = (o: Partial<StuckInputs> = {}): StuckInputs => ({ now: NOW, settings: DEFAULT_STUCK_SETTINGS, definition, ...o });
const reasons = (r: RunSnapshot, i: StuckInputs) => detectStuck(r, i).map((f) => f.reason);

describe("stuck-run detection", () => {
  it.each([
    [
      "a person past the SLA",
      run(
        {
          status: "waiting",
          pending: { type: "human", escalationId: "esc_1", stateId: "call", reason: "human_step", dueAt: NOW - 1 },
        },
        { status: "waiting" },
      ),
      x(),
      ["human_sla"],
    ],
    [
      "a person within the SLA",
      run(
        { pending: { type: "human", escalationId: "esc_1", stateId: "call", reason: "human_step", dueAt: NOW + 1 } },
        { status: "waiting", lastTransitionAt: 0 },
      ),
      x(),
      [],
    ],
    [
      "retrying for too long",
      run(
        { attempt: 4, pending: { type: "timer", timerId: "t", stateId: "call", reason: "retry", wakeAt: NOW + 1 } },
        { status: "retrying" },
      ),
      x({ firstAttemptAt: NOW - 16 * MIN }),
      ["retrying_too_long"],
    ],
    [
      "retrying, not for long",
      run({ attempt: 4, pending: { type: "timer", timerId: "t", stateId: "call", reason: "retry", wakeAt: NOW + 1 } }),
      x({ firstAttemptAt: NOW - MIN }),
      [],
    ],
    [
      "on a breaker open too long",
      run(
        { pending: { type: "timer", timerId: "t", stateId: "call", reason: "breaker", wakeAt: NOW + 1 } },
        { status: "waiting" },
      ),
      x({ breaker: { status: "open", since: NOW - 6 * MIN } }),
      ["breaker_open"],
    ],
    [
      "on a breaker open shortly",
      run({ pending: { type: "timer", timerId: "t", stateId: "call", reason: "breaker", wakeAt: NOW + 1 } }),
      x({ breaker: { status: "open", since: NOW - MIN } }),
      [],
    ],
    ["a call past its timeout and margin", run({ pending: call }), x({ callStartedAt: NOW - 41_000 }), ["call_overrun"]],
    ["a call within its timeout and margin", run({ pending: call }), x({ callStartedAt: NOW - 39_000 }), []],
    [
      "a lease expired long ago",
      run({ pending: call }, { leaseOwner: "w1", leaseExpiresAt: NOW - 31_000 }),
      x({ callStartedAt: NOW - 1_000 }),
      ["lease_lost"],
    ],
    [
      "a lease just expired",
      run({ pending: call }, { leaseOwner: "w1", leaseExpiresAt: NOW - 1_000 }),
      x({ callStartedAt: NOW - 1_000 }),
      [],
    ],
    [
      "no transition for too long",
      run({ pending: null }, { status: "queued", lastTransitionAt: NOW - 61 * MIN }),
      x(),
      ["no_progress"],
    ],
    [
      "a wait state sleeping",
      run(
        { pending: { type: "timer", timerId: "t", stateId: "call", reason: "wait", wakeAt: NOW + MIN } },
        { lastTransitionAt: 0 },
      ),
      x(),
      [],
    ],
    ["a finished run", run({}, { status: "succeeded", lastTransitionAt: 0 }), x(), []],
  ])("%s", (_name, r, inputs, expected) => {
    expect(reasons(r, inputs)).toEqual(expected);
  });

  it("uses the workflow's own limit for no progress", () => {
    const own = { ...definition, stuckAfterMinutes: 5 };
    const r = run({ pending: null }, { lastTransitionAt: NOW - 6 * MIN });
    expect(reasons(r, x())).toEqual([]);
    expect(reasons(r, x({ definition: own }))).toEqual(["no_progress"]);
    expect(detectStuck(r, x({ definition: own }))[0]?.message).toBe("No transition for 6 min (limit 5 min)");
  });

  it("says durations in words", () => {
    expect(duration(45_000)).toBe("45 s");
    expect(duration(12 * MIN)).toBe("12 min");
    expect(duration(210 * MIN)).toBe("3.5 h");
    expect(duration(72 * 60 * MIN)).toBe("3 days");
  });

  it("names the step by its title as people read it (placeholders filled from the run), its id only without one", () => {
    const titled = {
      ...definition,
      states: { ...definition.states, call: { ...definition.states.call, title: "Review the case of {% $customer.name %}" } },
    } as unknown as WorkflowDefinition;
    const waiting = run(
      {
        status: "waiting",
        vars: { customer: { name: "Grace Hopper" } },
        pending: { type: "human", escalationId: "esc_1", stateId: "call", reason: "human_step", dueAt: NOW - 2 * MIN },
      },
      { status: "waiting" },
    );
    expect(detectStuck(waiting, x({ definition: titled }))[0]?.message).toBe(
      'Waiting for a person at "Review the case of Grace Hopper": the SLA passed 2 min ago',
    );
    expect(detectStuck(waiting, x())[0]?.message).toMatch(/^Waiting for a person at "call"/);
    const retrying = run({ attempt: 4, pending: { type: "timer", timerId: "t", stateId: "call", reason: "retry", wakeAt: NOW } });
    expect(detectStuck(retrying, x({ definition: titled, firstAttemptAt: NOW - 16 * MIN }))[0]?.message).toBe(
      '"Review the case of ‹customer.name›" has been retrying for 16 min (attempt 4)',
    );
  });
});
