/**
 * Sub-workflow steps in the pure core: the child run to start (workflow, version, input from the mapping), its output
 * as $result, failure and retry (a new child only when the first failed), cancel, the re-check after a crash (the same
 * child id: never a second child), and runs that would nest without end.
 */
import { describe, expect, it } from "vitest";
import { initialState, step } from "./step";
import type { ChildStart, Command, RunEvent, RunState, StepInputs } from "./types";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

function runner(def: WorkflowDefinition, start: RunState = initialState("p1", {})) {
  let n = 0;
  const inputs: StepInputs = { now: 1_000_000, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 };
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

const parent = (extra: Record<string, unknown> = {}) =>
  ({
    schemaVersion: 1,
    name: "Support",
    startAt: "refund",
    states: {
      refund: {
        type: "subWorkflow",
        workflowId: "wf_refund",
        version: 3,
        input: { orderId: "{% $input.order %}", reason: "damaged" },
        assign: { refund: "{% $result %}" },
        ...extra,
        next: "done",
      },
      done: { type: "succeed", output: "{% $refund.amount %}" },
    },
  }) as unknown as WorkflowDefinition;

const finished = (childId: string, status: "succeeded" | "failed" | "cancelled", output: unknown = null): RunEvent => ({
  type: "child_finished",
  childId,
  status,
  output,
  failure: status === "succeeded" ? null : { code: "tool_error", message: "refund service down" },
});

describe("a sub-workflow step", () => {
  it("starts one run of the chosen workflow and version with the mapped input, and goes on with its output", async () => {
    const r = runner(parent());
    await r.send({ type: "start", input: { order: "ORD-1" } });
    expect(started(r.commands)).toEqual([
      {
        runId: "p1.refund.1.run",
        input: { orderId: "ORD-1", reason: "damaged" },
        vars: {},
        parent: { runId: "p1", stateId: "refund", key: "run", scope: [], kind: "workflow", depth: 1 },
        workflow: { workflowId: "wf_refund", version: 3 },
      },
    ]);
    expect(r.state.status).toBe("waiting");
    await r.send(finished("p1.refund.1.run", "succeeded", { amount: 42 }));
    expect(r.state.status).toBe("succeeded");
    expect(r.state.output).toBe(42);
  });

  it("without a version runs the latest (the runtime picks it when it creates the child)", async () => {
    const def = parent();
    delete (def.states.refund as { version?: number }).version;
    const r = runner(def);
    await r.send({ type: "start", input: { order: "ORD-1" } });
    expect(started(r.commands)[0]!.workflow).toEqual({ workflowId: "wf_refund" });
  });

  it("after a crash re-issues the same child (same id: the runtime never creates a second one)", async () => {
    const r = runner(parent());
    await r.send({ type: "start", input: { order: "ORD-1" } });
    const p = r.state.pending;
    if (p?.type !== "children") throw new Error("expected children");
    await r.send({ type: "timer_fired", timerId: p.timerId });
    expect(started(r.commands).map((c) => c.runId)).toEqual(["p1.refund.1.run"]);
  });

  it("is retried with a new child only after the first failed; its failure goes to the step's catch otherwise", async () => {
    const def = parent({
      retry: { maxAttempts: 2, initialDelayMs: 10, jitter: "none" },
      catch: [{ errors: ["*"], next: "sorry" }],
    });
    (def.states as Record<string, unknown>).sorry = { type: "fail", error: "refund_failed", message: "{% $error.message %}" };
    const s = runner(def);
    await s.send({ type: "start", input: { order: "ORD-1" } });
    await s.send(finished("p1.refund.1.run", "failed"));
    const timer = s.state.pending;
    if (timer?.type !== "timer") throw new Error("expected the retry timer");
    await s.send({ type: "timer_fired", timerId: timer.timerId });
    expect(started(s.commands).map((c) => c.runId)).toEqual(["p1.refund.1.run~2"]);
    await s.send(finished("p1.refund.1.run~2", "failed"));
    expect(s.state.failure).toEqual({ code: "refund_failed", message: 'The run of "wf_refund" failed: refund service down' });
  });

  it("cancelling the parent cancels its child run", async () => {
    const r = runner(parent());
    await r.send({ type: "start", input: { order: "ORD-1" } });
    await r.send({ type: "cancel", compensate: false, by: "sam" });
    expect(r.commands.flatMap((c) => (c.type === "cancel_children" ? c.runIds : []))).toEqual(["p1.refund.1.run"]);
  });

  it("refuses to nest deeper than 10 (a workflow that runs itself)", async () => {
    const deep: RunState = {
      ...initialState("c10", {}),
      parent: { runId: "c9", stateId: "refund", key: "run", scope: [], kind: "workflow", depth: 10 },
    };
    const r = runner(
      parent({ catch: [{ errors: ["invalid_input"], next: "done", assign: { refund: { amount: "{% $error.message %}" } } }] }),
      deep,
    );
    await r.send({ type: "start", input: { order: "ORD-1" } });
    expect(started(r.commands)).toEqual([]);
    expect(r.state.output).toMatch(/sub-workflow 11 deep \(at most 10\)/);
  });

  it("its child run asks a person itself when it fails (it is a workflow of its own)", async () => {
    const child: RunState = {
      ...initialState("p1.refund.1.run", {}),
      parent: { runId: "p1", stateId: "refund", key: "run", scope: [], kind: "workflow", depth: 1 },
    };
    const def = {
      schemaVersion: 1,
      name: "Refund",
      startAt: "pay",
      states: { pay: { type: "tool", server: "pay", tool: "refund", next: "done" }, done: { type: "succeed" } },
    } as unknown as WorkflowDefinition;
    const r = runner(def, child);
    await r.send({ type: "start", input: {} });
    await r.send({ type: "call_failed", error: { kind: "tool_error", message: "declined", retryable: false } });
    expect(r.state.status).toBe("waiting");
    expect(r.commands.some((c) => c.type === "open_escalation")).toBe(true);
  });
});
