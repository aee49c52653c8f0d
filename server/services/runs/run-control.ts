/**
 * What request code may ask of the executor: start runs, send decisions to runs, publish events, open or close a
 * breaker. Request code never creates or starts an engine (server/services/host/host.ts does, once per process):
 * - with an executor in this process (the app by default) it is that engine: a decision is applied before the request
 *   is answered (with its audit row in the transition's commit), a started run is created and started in one commit;
 * - without one (the app with SWITCHYARD_ENGINE=off beside `npm run worker` processes) runs are created queued and
 *   decisions become durable messages (server/db/run-messages.ts) that a worker's engine applies; `deliver` answers
 *   "queued" and the page follows the run's live feed.
 */
import type { Engine, NewRunInput, Resolves } from "../../engine/runtime/engine";
import type { AuditRow, AttemptOutcome } from "../../engine/runtime/ports";
import type { RunEvent, StepResult } from "../../engine/core/types";
import type { RunMessages } from "../../db/run-messages";

export interface RunControl extends Pick<
  Engine,
  "enqueueFiring" | "publishEvents" | "eventById" | "setBreaker" | "wake" | "startRun"
> {
  /** Applies a decision now (its result, null when refused) or sends it to the executor ("queued"). */
  deliver(
    runId: string,
    event: RunEvent,
    outcome?: AttemptOutcome,
    resolves?: Resolves,
    audit?: AuditRow,
  ): Promise<StepResult | null | "queued">;
}

/**
 * The control of a process without an executor, over an engine that is never started (its stores only: creating a
 * queued run, the event log, breakers) and the durable messages.
 */
export function messageControl(front: Engine, messages: RunMessages, now: () => number = Date.now): RunControl {
  return {
    // Queued: the store wakes the engines on PostgreSQL; on SQLite the workers' polling finds it.
    startRun: (run: NewRunInput) => front.enqueueRun(run),
    enqueueFiring: (run, firing) => front.enqueueFiring(run, firing),
    async deliver(runId, event, _outcome, resolves, audit) {
      await messages.send(runId, { event, resolves, audit }, now());
      return "queued";
    },
    publishEvents: (events) => front.publishEvents(events),
    eventById: (id) => front.eventById(id),
    setBreaker: (server, to, by) => front.setBreaker(server, to, by),
    wake: () => undefined,
  };
}

/** An engine's poll task: applies the messages sent to runs, oldest first, each in its run's order. */
export function applyMessages(engine: Engine, messages: RunMessages, leaseMs: () => number, now: () => number = Date.now) {
  return async (): Promise<void> => {
    const taken = await messages.take(now(), leaseMs());
    // Not awaited one by one: the engine queues each run's events in the order given, and the commits share batches.
    const applied = await Promise.allSettled(
      taken.map(async (m) => {
        await engine.deliver(m.runId, m.event, undefined, m.resolves, m.audit);
        await messages.done(m.id);
      }),
    );
    // A message that could not be applied (the database refused the commit) is taken again once its claim ends.
    const failed = applied.find((a): a is PromiseRejectedResult => a.status === "rejected");
    if (failed) throw failed.reason;
  };
}
