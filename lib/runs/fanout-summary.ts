/**
 * A run's finished parallel and map steps as the run page shows them (server/services/runs/run-fanouts.ts builds
 * them, components/runs reads them): one shape, one mapping of a branch's or item's status to how it went, and which
 * visit of a step a re-run took over from the run it re-ran.
 */

export interface FanoutBranch {
  name: string;
  id: string;
  /** Null: the branch never started. */
  status: string | null;
  path: string[];
  current: string | null;
  /** The steps a re-run of the branch reused. */
  reused: string[];
  failure: string | null;
}

export interface FanoutSummary {
  stateId: string;
  kind: "parallel" | "map";
  /** Child run ids are `<prefix>.<branch or index>`. */
  prefix: string;
  /** Runs under the prefix by status (a map's retried items count once per attempt). */
  counts: Record<string, number>;
  /**
   * A parallel step's branches: their last run (a retry of the step runs a branch again as `~attempt`), its status,
   * the steps it passed, the one it ended at, the steps a re-run reused, and its failure.
   */
  branches?: FanoutBranch[] | undefined;
  /** A map's item runs by the step they ended at (or are at) and status: the run canvas shows them on the item body. */
  at?: { stateId: string | null; status: string; count: number }[] | undefined;
  /**
   * A re-run that took the step over from the run it re-ran (it started after the step): the run whose branches or
   * items these are (the prefix is that run's). Absent: the run's own.
   */
  reusedFrom?: string | undefined;
}

/** How a branch or item went: done, failed (failed, rolled back or cancelled) or still going. */
export type ChildOutcome = "done" | "failed" | "running";

const FAILED = new Set(["failed", "compensated", "cancelled"]);

export function childOutcome(status: string): ChildOutcome {
  if (status === "succeeded") return "done";
  return FAILED.has(status) ? "failed" : "running";
}

/** Runs by status, added up by how they went. */
export function outcomeCounts(counts: Record<string, number>): Record<ChildOutcome, number> {
  const out: Record<ChildOutcome, number> = { done: 0, failed: 0, running: 0 };
  for (const [status, n] of Object.entries(counts)) out[childOutcome(status)] += n;
  return out;
}

interface Visits {
  path: readonly string[];
  visits?: Readonly<Record<string, number>> | undefined;
}

/** How many visits of the step a run made (its `visits`, else its path). */
export function visitsOf(run: Visits, stateId: string): number {
  return run.visits?.[stateId] ?? run.path.filter((id) => id === stateId).length;
}

/**
 * The visit of the step a re-run took over from the run it re-ran (its seed: the path before its start), when its
 * last visit is one of those; null when the run went through the step itself (or never did).
 */
export function reusedVisit(state: Visits, seed: Visits | null, stateId: string): number | null {
  if (!seed) return null;
  const visit = visitsOf(state, stateId);
  return visit > 0 && visit <= visitsOf(seed, stateId) ? visit : null;
}
