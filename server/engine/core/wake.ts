import type { RunState } from "./types";

/** When the run's pending timer is due (a timer, the time limit of a wait for an event, the re-issue of a shared value operation), for the `wakeAt` column. */
export function wakeOf(state: RunState): { wakeAt: number } | null {
  const p = state.pending;
  if (p?.type === "timer") return p;
  if (p?.type === "event" && p.wakeAt !== null) return { wakeAt: p.wakeAt };
  if (p?.type === "shared") return p;
  if (p?.type === "model") return p;
  if (p?.type === "children") return p;
  return null;
}
