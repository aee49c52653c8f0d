import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import type { RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const def: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Locked update",
  startAt: "take",
  states: {
    take: { type: "lock", key: "customer:{% $input.customerId %}", next: "update" },
    update: { type: "tool", server: "crm", tool: "update", input: {}, next: "give_back" },
    give_back: { type: "unlock", next: "also" },
    also: { type: "lock", key: "audit", mode: "shared", limit: 3, next: "done" },
    done: { type: "succeed" },
  },
};

function run(d: WorkflowDefinition, input: unknown) {
  let n = 0;
  const inputs = { now: 1000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
  let state: RunState = initialState("r1", input);
  const send = async (event: RunEvent) => {
    const r = await step(d, state, event, inputs);
    state = r.state;
    return r;
  };
  return {
    send,
    get state() {
      return state;
    },
  };
}

describe("locks in the core", () => {
  it("queues for the lock by name, goes on when granted, gives it back at the unlock step", async () => {
    const r = run(def, { customerId: 42 });
    const first = await r.send({ type: "start", input: { customerId: 42 } });
    expect(first.state.pending).toEqual({
      type: "lock",
      lockId: "lck_1",
      stateId: "take",
      key: "customer:42",
      mode: "exclusive",
      limit: 1,
    });
    expect(first.state.status).toBe("waiting");
    expect(first.commands).toEqual([{ type: "acquire_lock", lock: first.state.pending }]);
    expect((await r.send({ type: "lock_granted", lockId: "other" })).ignored).toMatch(/not waiting for this lock/);
    const granted = await r.send({ type: "lock_granted", lockId: "lck_1" });
    expect(granted.state.locks).toEqual(["customer:42"]);
    expect(granted.state.pending).toMatchObject({ type: "call", stateId: "update" });
    const after = await r.send({ type: "call_succeeded", result: {} });
    expect(after.commands[0]).toEqual({ type: "release_locks", keys: ["customer:42"] });
    expect(after.state.locks).toEqual([]);
    expect(after.state.pending).toMatchObject({ type: "lock", key: "audit", mode: "shared", limit: 3 });
  });

  it("refuses a lock name with an empty part rather than sharing one lock among all", async () => {
    const r = run(def, {});
    const first = await r.send({ type: "start", input: {} });
    expect(first.state.pending?.type).toBe("human");
    expect(first.state.error?.message).toMatch(/Part of the lock name of "take" is empty/);
  });

  it("prevents deadlocks by order: a run holding b may not take a", async () => {
    const d: WorkflowDefinition = {
      schemaVersion: 1,
      name: "Out of order",
      startAt: "b",
      states: {
        b: { type: "lock", key: "b", next: "a" },
        a: { type: "lock", key: "a", next: "done" },
        done: { type: "succeed" },
      },
    };
    const r = run(d, {});
    await r.send({ type: "start", input: {} });
    const next = await r.send({ type: "lock_granted", lockId: "lck_1" });
    expect(next.state.error).toMatchObject({ kind: "deadlock" });
    expect(next.state.error?.message).toMatch(/locks must be taken in name order/);
  });

  it("a run ending keeps its lock list (the runtime releases every lock of a run that ends)", async () => {
    const r = run(def, { customerId: 1 });
    await r.send({ type: "start", input: { customerId: 1 } });
    await r.send({ type: "lock_granted", lockId: "lck_1" });
    const cancelled = await r.send({ type: "cancel", compensate: false, by: "sam" });
    expect(cancelled.state.status).toBe("cancelled");
    expect(cancelled.state.locks).toEqual(["customer:1"]);
  });
});
