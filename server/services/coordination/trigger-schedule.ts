/**
 * When a schedule trigger fires. Policy for ticks missed while nothing was running (every process down, or the trigger
 * paused): the run starts ONCE, for the latest missed tick, then the schedule continues; the earlier missed ticks are
 * counted and skipped (a day of downtime on an every-minute schedule does not start 1440 runs at once).
 */
import { Cron } from "croner";

export interface DueTick {
  /** The tick to fire (ms since the epoch): the latest one at or before now. */
  tick: number;
  /** Earlier ticks since the last one fired that are skipped (0 normally). */
  missed: number;
}

/** A checked schedule, or the reason it cannot be one. */
export function parseSchedule(cron: string, timezone: string): { ok: true; cron: Cron } | { ok: false; message: string } {
  try {
    return { ok: true, cron: new Cron(cron, { timezone, paused: true }) };
  } catch (err) {
    return { ok: false, message: `The schedule "${cron}" is not valid: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The tick due after `last` (exclusive) and at or before `now`, or null when none is due yet. */
export function dueTick(cron: Cron, last: number, now: number): DueTick | null {
  const next = cron.nextRun(new Date(last));
  if (!next || next.getTime() > now) return null;
  const latest = cron.previousRuns(1, new Date(now + 1))[0];
  const tick = latest && latest.getTime() >= next.getTime() ? latest.getTime() : next.getTime();
  const between = cron.nextRuns(1000, new Date(last)).filter((d) => d.getTime() < tick).length;
  return { tick, missed: between };
}

/** The next few times a schedule fires, for the designer's preview. */
export function upcoming(cron: Cron, from: number, n = 3): number[] {
  return cron.nextRuns(n, new Date(from)).map((d) => d.getTime());
}
