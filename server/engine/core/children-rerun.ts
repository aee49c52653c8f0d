/** Re-runs from a step inside a branch or item (rerun.ts, docs/parallel-map.md): how each child starts. */
import { childRunId } from "@/lib/runs/child-ids";
import type { ChildStart, FanoutRerun } from "./children-types";

/**
 * How a re-run's parallel or map step starts a branch or item: the chosen one as a re-run from its step, the others
 * taking over the re-run run's same branch or item (`reuse`: used only if that one succeeded; else it runs again).
 */
export function rerunChild(rerun: FanoutRerun | undefined, key: string): Pick<ChildStart, "rerun" | "reuse"> {
  if (!rerun) return {};
  if (key !== rerun.key) return { reuse: childRunId(rerun.from, key) };
  return { rerun: { seed: rerun.seed, parentRunId: rerun.parentRunId, fromStateId: rerun.fromStateId } };
}
