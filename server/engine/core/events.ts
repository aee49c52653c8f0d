/**
 * Events in the core: an `emit` step publishes an event and goes on; a
 * `waitForEvent` step parks the run until a matching event is delivered
 * (`event_received`) or its time limit passes. Pure: the event id of an emit is
 * derived from the run, step and visit, so a repeated write is one event.
 */
import type { WorkflowDefinition, EmitState, WaitForEventState } from "@/lib/workflow/schema";
import { assign, bindings, evaluate } from "./data";
import { enter } from "./enter";
import { failStep, finish } from "./failure";
import type { Command, LogEvent, PendingEvent, RunState, StepInputs, StepResult, StepError } from "./types";

/** Events published within this window before a run starts waiting still count, unless the step says otherwise. */
export const DEFAULT_LOOKBACK_SECONDS = 300;
/** How many received event ids a run remembers (so a later wait in a loop does not take the same event again). */
const REMEMBERED_EVENTS = 50;

/** The id of the event an emit step publishes on a visit: the same on a repeated write. */
export function emittedEventId(runId: string, stateId: string, visit: number): string {
  return `evt:${runId}:${stateId}:${visit}`;
}

/** A correlation key as text: strings as they are, numbers and booleans written out, nothing as null. */
export function keyText(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export async function enterEmit(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: EmitState,
  inputs: StepInputs,
  hops: number,
): Promise<StepResult> {
  const b = bindings(run);
  const payload = await evaluate(state.payload ?? null, b, `The data of the event of "${id}"`);
  if (!payload.ok) return failStep(def, run, payload.error, inputs);
  const key = await evaluate(state.key ?? null, b, `The correlation key of "${id}"`);
  if (!key.ok) return failStep(def, run, key.error, inputs);
  const event = {
    id: emittedEventId(run.runId, id, run.visits[id] ?? 1),
    type: state.eventType,
    payload: payload.value ?? null,
    key: keyText(key.value),
    source: `workflow:${run.runId}`,
  };
  const after = await enter(def, run, state.next, inputs, hops + 1);
  return { ...after, commands: [{ type: "emit_event", event }, ...after.commands] };
}

export async function enterWaitForEvent(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: WaitForEventState,
  inputs: StepInputs,
): Promise<StepResult> {
  let key: string | null = null;
  if (state.key !== undefined) {
    const evaluated = await evaluate(state.key, bindings(run), `The correlation key of "${id}"`);
    if (!evaluated.ok) return failStep(def, run, evaluated.error, inputs);
    key = keyText(evaluated.value);
    if (key === null) {
      const error: StepError = {
        kind: "expression_error",
        message: `The correlation key of "${id}" is empty: the run would take any "${state.eventType}" event`,
        retryable: false,
      };
      return failStep(def, run, error, inputs);
    }
  }
  const lookback = (state.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS) * 1000;
  const timed = state.timeoutSeconds !== undefined;
  const pending: PendingEvent = {
    type: "event",
    waitId: inputs.newId("ewt"),
    stateId: id,
    eventType: state.eventType,
    key,
    since: inputs.now - lookback,
    timerId: timed ? inputs.newId("tmr") : null,
    wakeAt: timed ? inputs.now + state.timeoutSeconds! * 1000 : null,
  };
  const commands: Command[] = [{ type: "wait_for_event", wait: pending }];
  if (pending.timerId !== null && pending.wakeAt !== null) {
    const timer = {
      type: "timer" as const,
      timerId: pending.timerId,
      stateId: id,
      reason: "wait" as const,
      wakeAt: pending.wakeAt,
    };
    commands.push({ type: "schedule_timer", timer });
  }
  return { state: { ...run, status: "waiting", pending }, commands };
}

/** Whether `event` is one the wait takes (type, key, time window, not taken before by this run). */
export function matches(wait: PendingEvent, event: LogEvent, run: RunState): boolean {
  if (event.type !== wait.eventType) return false;
  if (wait.key !== null && event.key !== wait.key) return false;
  if (event.time < wait.since) return false;
  return !(run.consumedEvents ?? []).includes(event.id);
}

export async function eventReceived(
  def: WorkflowDefinition,
  run: RunState,
  wait: PendingEvent,
  event: LogEvent,
  inputs: StepInputs,
): Promise<StepResult> {
  if (!matches(wait, event, run))
    return { state: run, commands: [], ignored: "the event does not match what the step waits for" };
  const state = def.states[wait.stateId];
  if (state?.type !== "waitForEvent")
    return finish(run, "failed", { code: "unknown_state", message: `"${wait.stateId}" is not a wait-for-event step` });
  const consumedEvents = [...(run.consumedEvents ?? []), event.id].slice(-REMEMBERED_EVENTS);
  const received: RunState = { ...run, pending: null, consumedEvents };
  const assigned = await assign(received, state.assign, bindings(received, { event }), `Saving the event of "${wait.stateId}"`);
  if (!assigned.ok) return failStep(def, received, assigned.error, inputs);
  return enter(def, assigned.value, state.next, inputs);
}

export async function eventTimedOut(
  def: WorkflowDefinition,
  run: RunState,
  wait: PendingEvent,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[wait.stateId];
  const waited = { ...run, pending: null };
  if (state?.type !== "waitForEvent" || !state.onTimeout)
    return finish(waited, "failed", {
      code: "event_timeout",
      message: `No "${wait.eventType}" event${wait.key === null ? "" : ` for ${wait.key}`} came in time`,
    });
  return enter(def, waited, state.onTimeout, inputs);
}
