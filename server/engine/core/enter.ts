/**
 * Entering a state: what each kind of state does when a run arrives at it.
 * Choices are decided at once (a run can pass several in one step); tool,
 * human and wait states park the run on a pending call, person or timer;
 * succeed and fail end it.
 */
import type { WorkflowDefinition, State } from "@/lib/workflow/schema";
import { assign, bindings, evaluate, isTruthy } from "./data";
import type { Command, RunState, StepInputs, StepResult, StepError } from "./types";
import { finish, idempotencyKey, failStep, stepName } from "./failure";
import { enterEmit, enterWaitForEvent } from "./events";
import { enterLock, enterUnlock } from "./locks";
import { enterShared } from "./shared";
import { enterAgent } from "./agent";
import { enterFanout } from "./children";

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Guard against a definition whose choices loop without ever waiting. */
const MAX_HOPS = 1000;

export async function enter(
  def: WorkflowDefinition,
  run: RunState,
  stateId: string,
  inputs: StepInputs,
  hops = 0,
): Promise<StepResult> {
  if (hops > MAX_HOPS)
    return finish(run, "failed", {
      code: "loop_limit",
      message: `More than ${MAX_HOPS} steps without waiting: the workflow loops`,
    });
  const state = def.states[stateId];
  if (!state) return finish(run, "failed", { code: "unknown_state", message: `The workflow has no step "${stateId}"` });
  const visit = (run.visits[stateId] ?? 0) + 1;
  const arrived: RunState = {
    ...run,
    status: "running",
    current: stateId,
    visits: { ...run.visits, [stateId]: visit },
    attempt: 1,
    attemptBase: undefined,
    pending: null,
    error: null,
    agent: null,
    keptChildren: undefined,
    path: [...run.path, stateId],
  };
  return enterKind(def, arrived, stateId, state, inputs, hops);
}

async function enterKind(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: State,
  inputs: StepInputs,
  hops: number,
): Promise<StepResult> {
  switch (state.type) {
    case "tool":
      return callTool(def, run, id, state, inputs);
    case "agent":
      return enterAgent(def, run, id, state, inputs);
    case "choice": {
      const b = bindings(run);
      for (const [i, choice] of state.choices.entries()) {
        const result = await evaluate(choice.when, b, `Condition ${i + 1} of "${id}"`);
        if (!result.ok) return failStep(def, run, result.error, inputs);
        if (isTruthy(result.value)) return enter(def, run, choice.next, inputs, hops + 1);
      }
      if (state.default) return enter(def, run, state.default, inputs, hops + 1);
      return finish(run, "failed", {
        code: "no_route",
        message: `No condition of "${id}" matched and it has no "otherwise" route`,
      });
    }
    case "human":
      return openHuman(def, run, id, state, inputs);
    case "wait":
      return wait(def, run, id, state, inputs);
    case "emit":
      return enterEmit(def, run, id, state, inputs, hops);
    case "waitForEvent":
      return enterWaitForEvent(def, run, id, state, inputs);
    case "lock":
      return enterLock(def, run, id, state, inputs, hops);
    case "unlock":
      return enterUnlock(def, run, id, state, inputs, hops);
    case "sharedValue":
      return enterShared(def, run, id, state, inputs);
    case "parallel":
    case "map":
    case "subWorkflow":
      return enterFanout(def, run, id, state, inputs);
    case "succeed": {
      const output = state.output === undefined ? null : await evaluate(state.output, bindings(run), `The output of "${id}"`);
      // A branch or item without an output returns the variables it has.
      if (output === null && run.parent && run.parent.kind !== "workflow")
        return finish({ ...run, output: run.vars }, "succeeded", null);
      if (output && !output.ok) return failStep(def, run, output.error, inputs);
      return finish({ ...run, output: output ? output.value : null }, "succeeded", null);
    }
    case "fail": {
      const message = await evaluate<string>(state.message ?? "", bindings(run), `The message of "${id}"`);
      return finish(run, "failed", {
        code: state.error ?? "failed",
        message: message.ok ? String(message.value) : (state.message ?? ""),
      });
    }
  }
}

/** Evaluates a tool state's arguments and asks the runtime to call it. */
export async function callTool(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: Extract<State, { type: "tool" }>,
  inputs: StepInputs,
  override?: Record<string, unknown>,
): Promise<StepResult> {
  let args = override;
  if (!args) {
    const evaluated = await evaluate<Record<string, unknown>>(state.input ?? {}, bindings(run), `The input of "${id}"`);
    if (!evaluated.ok) return failStep(def, run, evaluated.error, inputs);
    args = evaluated.value;
  }
  const visit = run.visits[id] ?? 1;
  // An earlier call of this step may have happened (it timed out, or a crash left it unanswered): calling the step
  // again is the same operation, so it keeps that call's key and a server that honours keys does it at most once.
  const reused = run.unsettled?.[id];
  const call = {
    type: "call" as const,
    stateId: id,
    visit,
    attempt: run.attempt,
    server: state.server,
    tool: state.tool,
    args,
    idempotencyKey: reused ?? idempotencyKey(run.runId, id, visit),
    purpose: "step" as const,
    ...(reused && reused !== idempotencyKey(run.runId, id, visit) ? { keyReused: true as const } : {}),
    ...(state.validateOutput === false ? { acceptInvalidOutput: true as const } : {}),
  };
  const next: RunState = { ...run, status: run.attempt > 1 ? "retrying" : "running", pending: call };
  return { state: next, commands: [{ type: "call_tool", call, timeoutMs: state.timeoutMs ?? DEFAULT_TIMEOUT_MS }] };
}

/** The steps whose last call has an unknown outcome, as a person should read them. */
export function unsettledCalls(def: WorkflowDefinition, run: RunState) {
  return Object.entries(run.unsettled ?? {}).map(([stateId, key]) => ({
    stateId,
    title: stepName(def, stateId),
    idempotencyKey: key,
  }));
}

/** A step completed: its call's outcome is known now. */
export function settle(run: RunState, stateId: string): RunState {
  if (!run.unsettled?.[stateId]) return run;
  const { [stateId]: _done, ...rest } = run.unsettled;
  return { ...run, unsettled: rest };
}

async function openHuman(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: Extract<State, { type: "human" }>,
  inputs: StepInputs,
): Promise<StepResult> {
  const b = bindings(run);
  // A person must always get the case, even if a placeholder cannot be evaluated: show the raw text then.
  const text = async (value: string | undefined, what: string) => {
    const r = await evaluate<unknown>(value ?? "", b, what);
    if (!r.ok) return value ?? "";
    return typeof r.value === "string" ? r.value : r.value === null || r.value === undefined ? "" : JSON.stringify(r.value);
  };
  const context = await evaluate<Record<string, unknown>>(state.context ?? {}, b, `The context of "${id}"`);
  const escalationId = inputs.newId("esc");
  const dueAt = state.slaMinutes ? inputs.now + state.slaMinutes * 60_000 : null;
  const unsettled = unsettledCalls(def, run);
  const commands: Command[] = [
    {
      type: "open_escalation",
      escalation: {
        escalationId,
        stateId: id,
        reason: "human_step",
        title: await text(state.title, `The title of "${id}"`),
        message: await text(state.message, `The message of "${id}"`),
        context: context.ok ? context.value : { error: context.error.message },
        options: state.options.map((o) => ({ id: o.id, label: o.label, next: o.next })),
        assigneeGroup: state.assigneeGroup ?? null,
        dueAt,
        // What the person should know before sending the run back to a step whose last call may have happened.
        details: unsettled.length > 0 ? { unsettled } : null,
      },
    },
  ];
  const pending = { type: "human" as const, escalationId, stateId: id, reason: "human_step" as const, dueAt };
  return { state: { ...run, status: "waiting", pending }, commands };
}

async function wait(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: Extract<State, { type: "wait" }>,
  inputs: StepInputs,
): Promise<StepResult> {
  let wakeAt = inputs.now + (state.seconds ?? 0) * 1000;
  if (state.until !== undefined) {
    const until = await evaluate<unknown>(state.until, bindings(run), `The time to wait until in "${id}"`);
    if (!until.ok) return failStep(def, run, until.error, inputs);
    const parsed = typeof until.value === "number" ? until.value : Date.parse(String(until.value));
    if (!Number.isFinite(parsed)) {
      const error: StepError = {
        kind: "expression_error",
        message: `"${id}" must wait until a date and time, got ${JSON.stringify(until.value)}`,
        retryable: false,
      };
      return failStep(def, run, error, inputs);
    }
    wakeAt = parsed;
  }
  const timer = { type: "timer" as const, timerId: inputs.newId("tmr"), stateId: id, reason: "wait" as const, wakeAt };
  return { state: { ...run, status: "waiting", pending: timer }, commands: [{ type: "schedule_timer", timer }] };
}

/** After a step completes: assign from its result, remember its compensation, and go on. */
export async function completeTool(
  def: WorkflowDefinition,
  run: RunState,
  result: unknown,
  inputs: StepInputs,
): Promise<StepResult> {
  const id = run.current!;
  const state = def.states[id];
  if (state?.type !== "tool") return finish(run, "failed", { code: "unknown_state", message: `"${id}" is not a tool step` });
  const b = bindings(run, { result });
  const assigned = await assign(run, state.assign, b, `Saving the result of "${id}"`);
  if (!assigned.ok) return failStep(def, run, assigned.error, inputs);
  let next = assigned.value;
  if (state.compensate) {
    const args = await evaluate<Record<string, unknown>>(
      state.compensate.input ?? {},
      bindings(next, { result }),
      `The undo of "${id}"`,
    );
    if (!args.ok) return failStep(def, run, args.error, inputs);
    const entry = {
      stateId: id,
      visit: run.visits[id] ?? 1,
      server: state.compensate.server,
      tool: state.compensate.tool,
      args: args.value,
    };
    next = { ...next, compensations: [...next.compensations, entry] };
  }
  return enter(def, settle({ ...next, pending: null }, id), state.next, inputs);
}
