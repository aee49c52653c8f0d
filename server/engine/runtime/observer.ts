/**
 * What the runtime tells observers (logs, metrics, traces): each committed transition with the event, the state before
 * and after, the commands and the completed attempt, and each circuit breaker status change this engine made. The core
 * stays pure; observers derive everything from these. An observer must be cheap and must not throw (errors are caught and
 * dropped so that an observer can never stop a run).
 */
import type { BreakerState } from "../core/breaker";
import type { PendingCall, RunEvent, RunState, StepResult } from "../core/types";
import type { AttemptOutcome } from "./ports";

export interface TransitionObserved {
  runId: string;
  versionId: string;
  /** The seq of the committed transition. */
  seq: number;
  /** The run's state before the event. */
  before: RunState;
  event: RunEvent;
  result: StepResult;
  /** The attempt this event completed, with its outcome (call results). */
  completed?: { call: PendingCall; outcome: AttemptOutcome } | undefined;
  /** When it was committed (ms since the epoch). */
  now: number;
}

export interface BreakerChange {
  server: string;
  from: BreakerState["status"];
  to: BreakerState["status"];
  state: BreakerState;
  at: number;
}

export interface EngineObserver {
  transition?(t: TransitionObserved): void;
  breakerChanged?(change: BreakerChange): void;
}

/** One observer that forwards to several (undefined when there are none, so the hot path skips them). */
export function combineObservers(list: (EngineObserver | undefined)[]): EngineObserver | undefined {
  const present = list.filter((o): o is EngineObserver => o !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const transitions = present.flatMap((o) => (o.transition ? [o.transition.bind(o)] : []));
  const breakers = present.flatMap((o) => (o.breakerChanged ? [o.breakerChanged.bind(o)] : []));
  return {
    transition: (t) => {
      for (const f of transitions) f(t);
    },
    breakerChanged: (c) => {
      for (const f of breakers) f(c);
    },
  };
}

/** Runs an observer's hook, never letting its error reach the engine. */
export function safely(f: () => void, onError: (err: unknown) => void): void {
  try {
    f();
  } catch (err) {
    onError(err);
  }
}
