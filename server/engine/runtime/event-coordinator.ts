/**
 * Carries out the event commands of committed transitions and brings events to
 * waiting runs. Nothing is lost in a race:
 * - an emit's event and a wait's row are written BEFORE the transition commits
 *   (the event id is derived from run, step and visit, so a retried write is one
 *   event; a wait row is replaced by the run's next wait);
 * - right after a wait commits, the events already published within its
 *   look-back window are offered to it;
 * - every poll offers the events published since the last poll (with an
 *   overlap for commits that landed late) to the waits they match.
 * An event offered twice (two engines, overlap) is taken once: the core ignores
 * an event for a wait the run is no longer in, and the seq check lets one write
 * through.
 */
import type { Command, LogEvent, PendingEvent, RunEvent, RunState, StepResult } from "../core/types";
import type { EventStore } from "./event-ports";

/** Events published this long before the last poll are looked at again (late commits, clocks a little apart). */
export const EVENT_OVERLAP_MS = 5_000;
const PAGE = 500;

export interface EventCoordinatorDeps {
  store: EventStore;
  deliver: (runId: string, event: RunEvent) => Promise<StepResult | null>;
  /** The run's current seq (null when it does not exist). */
  runSeq: (runId: string) => Promise<number | null>;
  now: () => number;
  log: (err: unknown) => void;
  /** Called after events were published (to poll at once). */
  published: () => void;
}

export class EventCoordinator {
  private cursor: number;
  private readonly offered = new Map<string, number>();

  constructor(private readonly deps: EventCoordinatorDeps) {
    this.cursor = deps.now() - 60_000;
  }

  /** Before a transition commits: publishes its events and records its wait. */
  async beforeCommit(runId: string, commands: Command[], nextSeq: number, now: number): Promise<void> {
    const events: LogEvent[] = [];
    for (const c of commands) {
      if (c.type === "emit_event") events.push({ ...c.event, time: now });
      else if (c.type === "wait_for_event") await this.deps.store.putWait(runId, c.wait, nextSeq);
    }
    if (events.length > 0) await this.deps.store.publish(events);
  }

  /** After a transition committed: drops the wait the run left, offers past events to a new wait. */
  afterCommit(runId: string, before: RunState, result: StepResult): void {
    const left = before.pending;
    const now = result.state.pending;
    if (left?.type === "event" && !(now?.type === "event" && now.waitId === left.waitId)) {
      this.deps.store.removeWait(runId, left.waitId).catch(this.deps.log);
    }
    for (const c of result.commands) {
      if (c.type === "wait_for_event") void this.lookBack(runId, c.wait).catch(this.deps.log);
      if (c.type === "emit_event") this.deps.published();
    }
  }

  /** Offers the events already published within the wait's look-back window, oldest first, until one is taken. */
  async lookBack(runId: string, wait: PendingEvent): Promise<void> {
    for (const event of await this.deps.store.eventsFor(wait, 20)) {
      const r = await this.offer(runId, wait.waitId, event);
      if (r && !r.ignored) return;
    }
  }

  /** Offers the events published since the last poll to the waits they match. */
  async poll(): Promise<void> {
    const startedAt = this.deps.now();
    const { events, matches } = await this.deps.store.matchesSince(this.cursor - EVENT_OVERLAP_MS, PAGE);
    this.cursor = events.length === PAGE ? events.at(-1)!.time : startedAt;
    const byRun = new Map<string, typeof matches>();
    for (const m of matches) byRun.set(m.runId, [...(byRun.get(m.runId) ?? []), m]);
    await Promise.all(
      [...byRun.values()].map(async (list) => {
        for (const m of list) {
          const r = await this.offer(m.runId, m.waitId, m.event);
          if (r && !r.ignored) return;
        }
      }),
    );
    this.forgetOld(startedAt);
  }

  private async offer(runId: string, waitId: string, event: LogEvent): Promise<StepResult | null> {
    const key = `${runId}\u0000${waitId}\u0000${event.id}`;
    if (this.offered.has(key)) return null;
    this.offered.set(key, this.deps.now());
    const result = await this.deps.deliver(runId, { type: "event_received", waitId, event });
    if (result?.ignored) await this.dropIfStale(runId, waitId, result.state);
    return result;
  }

  /** A wait row whose run committed past it without waiting there (a refused write) is removed. */
  private async dropIfStale(runId: string, waitId: string, state: RunState): Promise<void> {
    if (state.pending?.type === "event" && state.pending.waitId === waitId) return;
    const [row, seq] = await Promise.all([this.deps.store.waitOf(runId), this.deps.runSeq(runId)]);
    if (row?.waitId === waitId && (seq === null || seq >= row.seq)) await this.deps.store.removeWait(runId, waitId);
  }

  private forgetOld(now: number): void {
    for (const [key, at] of this.offered) if (now - at > EVENT_OVERLAP_MS * 4) this.offered.delete(key);
  }
}
