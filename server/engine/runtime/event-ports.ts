/**
 * What the runtime needs for events: the shared event log and the rows of runs
 * waiting for events. Adapter: server/db/event-store.ts (Prisma, both providers).
 */
import type { LogEvent, PendingEvent } from "../core/types";

/** An open wait with an event that may match it. */
export interface WaitMatch {
  runId: string;
  waitId: string;
  event: LogEvent;
}

export interface EventStore {
  /** Appends events; an id already in the log is skipped (returns the ids that were new). */
  publish(events: LogEvent[]): Promise<string[]>;
  /** The event with this id, if it was published. */
  get(id: string): Promise<LogEvent | null>;
  /** Records (or replaces) the run's wait; `seq` is the run's seq once the waiting transition has committed. */
  putWait(runId: string, wait: PendingEvent, seq: number): Promise<void>;
  removeWait(runId: string, waitId: string): Promise<void>;
  /** Events that match the wait from `wait.since` on, oldest first. */
  eventsFor(wait: PendingEvent, limit: number): Promise<LogEvent[]>;
  /** Events published at or after `since` (ms), oldest first, and every (open wait, event) pair that matches. */
  matchesSince(since: number, limit: number): Promise<{ events: LogEvent[]; matches: WaitMatch[] }>;
  /** The wait row of a run, if any: its wait id and the seq it was written for. */
  waitOf(runId: string): Promise<{ waitId: string; seq: number } | null>;
}
