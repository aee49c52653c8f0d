import type { RunState } from "./types";

/** When the run's pending timer is due (a timer, or the time limit of a wait for an event), for the `wakeAt` column. */
export function wakeOf(state: RunState): { wakeAt: number } | null {
  const p = state.pending;
  if (p?.type === "timer") return p;
  if (p?.type === "event" && p.wakeAt !== null) return { wakeAt: p.wakeAt };
  return null;
}
