import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import type { PendingShared, RunEvent, RunState } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const def: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Counter",
  startAt: "write",
  states: {
    write: {
      type: "sharedValue",
      action: "write",
      key: "count:{% $input.id %}",
      value: "{% $input.n %}",
      expectedVersion: "{% $input.v %}",
      catch: [{ errors: ["conflict"], next: "lost" }],
      next: "won",
    },
    won: { type: "succeed", output: "won" },
    lost: { type: "succeed", output: "lost" },
  },
};

async function started(input: unknown) {
  let n = 0;
  const inputs = { now: 5000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
  const first = await step(def, initialState("r1", input), { type: "start", input }, inputs);
  return { first, send: (s: RunState, e: RunEvent) => step(def, s, e, inputs) };
}

describe("shared values in the core", () => {
  it("asks for a compare-and-set with a stable operation id and a re-issue timer", async () => {
    const { first } = await started({ id: 7, n: 3, v: 2 });
    const op = first.state.pending as PendingShared;
    expect(op).toMatchObject({
      type: "shared",
      opId: "r1:write:1",
      key: "count:7",
      value: 3,
      expectedVersion: 2,
      wakeAt: 15_000,
    });
    expect(first.commands).toEqual([{ type: "shared_op", op }]);
  });

  it("a conflict takes the step's conflict route; a success goes on", async () => {
    const { first, send } = await started({ id: 7, n: 3, v: 2 });
    const conflict = await send(first.state, { type: "shared_done", opId: "r1:write:1", value: 9, version: 4, conflict: true });
    expect(conflict.state).toMatchObject({ status: "succeeded", output: "lost" });
    const ok = await send(first.state, { type: "shared_done", opId: "r1:write:1", value: 3, version: 3 });
    expect(ok.state).toMatchObject({ status: "succeeded", output: "won" });
  });

  it("re-issues the same operation when its timer fires, and refuses a version that is not a whole number", async () => {
    const { first, send } = await started({ id: 7, n: 3, v: 2 });
    const op = first.state.pending as PendingShared;
    const again = await send(first.state, { type: "timer_fired", timerId: op.timerId });
    expect(again.commands).toEqual([{ type: "shared_op", op: { ...op, timerId: "tmr_2", wakeAt: 15_000 } }]);
    const bad = await started({ id: 7, n: 3, v: "two" });
    expect(bad.first.state.error?.message).toMatch(/must be based on a version/);
  });
});
