/** The data of parallel and map steps: branches and items run as child runs (docs/parallel-map.md). */
import type { CompensationEntry, RunFailure, RunStatus } from "./types";

/** Where a child run belongs: its parent run, the parallel or map step, the branch name or item index, its steps. */
export interface ChildLink {
  runId: string;
  stateId: string;
  /** The branch name, or the item's index as text. */
  key: string;
  /** Step id and machine name pairs from the top of the definition down to the child's steps. */
  scope: string[];
}

/** A child run to create (if not there yet) and start. */
export interface ChildStart {
  runId: string;
  input: unknown;
  vars: Record<string, unknown>;
  parent: ChildLink;
}

export type BranchStatus = "running" | "succeeded" | "failed";

/** A map's progress: counters and the indices in flight, never the list or its results. */
export interface MapProgress {
  total: number;
  /** The next index to start; every index below it that is not running is done. */
  next: number;
  running: number[];
  succeeded: number;
  failed: number;
  /** More failed items than this fail the step. */
  tolerated: number;
  maxConcurrency: number;
}

/** A run parked on its branches or items. The timer re-issues start_children / collect_children after a crash. */
export interface PendingChildren {
  type: "children";
  stateId: string;
  /** Child run ids are `<prefix>.<branch name or item index>`. */
  prefix: string;
  timerId: string;
  wakeAt: number;
  /** Re-checks in a row without news (the next one waits longer). */
  checks?: number | undefined;
  branches?: Record<string, { status: BranchStatus; output?: unknown }> | undefined;
  map?: MapProgress | undefined;
  /** Every item is done; their outputs are being read. */
  collecting?: boolean | undefined;
}

export interface ChildFinished {
  type: "child_finished";
  childId: string;
  status: RunStatus;
  output: unknown;
  failure: RunFailure | null;
  /** A succeeded branch's compensation stack (oldest first): the parent undoes them in a later roll-back. */
  compensations?: CompensationEntry[] | undefined;
}
