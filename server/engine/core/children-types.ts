/** The data of parallel and map steps: branches and items run as child runs (docs/parallel-map.md). */
import type { CompensationEntry, RunFailure, RunState, RunStatus } from "./types";

/** Where a child run belongs: its parent run, the parallel or map step, the branch name or item index, its steps. */
export interface ChildLink {
  runId: string;
  stateId: string;
  /** The branch name, or the item's index as text. */
  key: string;
  /** Step id and machine name pairs from the top of the definition down to the child's steps ([] for a sub-workflow). */
  scope: string[];
  /** "workflow": a run of another workflow started by a sub-workflow step (it escalates to people itself). */
  kind?: "workflow" | undefined;
  /** Sub-workflow runs above this one and itself (1 for a run started by a top-level run's step). */
  depth?: number | undefined;
}

/** A child run to create (if not there yet) and start. */
export interface ChildStart {
  runId: string;
  /**
   * The child this one replaces after a retry of the step (cancelled by the step's failure): this one is started only
   * once that one is final; the runtime reports that one to the parent instead, whose success is then taken.
   */
  previous?: string | undefined;
  input: unknown;
  vars: Record<string, unknown>;
  parent: ChildLink;
  /** Created as a re-run of another child run (from its seed: `rerun.ts`), not from `input` and `vars`. */
  rerun?: { seed: RunState; parentRunId: string; fromStateId: string } | undefined;
  /**
   * The same branch or item of the run this one re-runs (`<prefix>.<key>`): if it (or a retry's run of it) succeeded,
   * this child is created with its outcome and ends at once, without calling anything.
   */
  reuse?: string | undefined;
  /** A sub-workflow step's child: a run of this workflow (this version; none: its latest published one). */
  workflow?: { workflowId: string; version?: number | undefined } | undefined;
}

export type BranchStatus = "running" | "succeeded" | "failed" | "cancelled";

/** A map's progress: counters and the indices in flight, never the list or its results. */
export interface MapProgress {
  total: number;
  /** The next index to start; every index below it that is not running is done. */
  next: number;
  running: number[];
  succeeded: number;
  failed: number;
  /** Items that failed in this attempt (at most the tolerated count + 1): a retry of the step starts them again. */
  failedIndices?: number[] | undefined;
  /** Items below `next` to start again (a retry of the step), before the next new one. */
  redo?: number[] | undefined;
  /** The attempt of the step that started each running item, when not the first (its id ends in `~attempt`). */
  attempts?: Record<string, number> | undefined;
  /**
   * Running items (a retry of the step) whose run the failure cancelled, with the attempt of that run: the item's new
   * run starts only once that one is final (if it succeeded after all, its outcome is taken). At most the concurrency.
   */
  previous?: Record<string, number> | undefined;
  /** More failed items than this fail the step. */
  tolerated: number;
  maxConcurrency: number;
}

/**
 * A re-run that starts at a step inside a branch or item (docs/parallel-map.md): the new run enters the parallel or
 * map step again; the chosen branch or item starts at its step, each other one takes over the re-run run's child where
 * that one succeeded (and runs again where it did not).
 */
export interface FanoutRerun {
  /** The id prefix of the re-run run's children at that visit of the step (`<run>.<step>.<visit>`). */
  from: string;
  /** The branch name, or the item's index as text, that starts at an inner step. */
  key: string;
  /** That child's starting state (a re-run seed; its runId and parent are set when it is created). */
  seed: RunState;
  /** The child run it re-runs, and the step it starts at there. */
  parentRunId: string;
  fromStateId: string;
}

/** A run parked on its branches or items. The timer re-issues start_children / collect_children after a crash. */
export interface PendingChildren {
  type: "children";
  stateId: string;
  /** Child run ids are `<prefix>.<branch name or item index>` (lib/runs/child-ids.ts). */
  prefix: string;
  timerId: string;
  wakeAt: number;
  /** Re-checks in a row without news (the next one waits longer). */
  checks?: number | undefined;
  /** Each branch: its status, output once done, and the attempt of the step that started its current run (if not 1). */
  branches?:
    | Record<
        string,
        {
          status: BranchStatus;
          output?: unknown;
          attempt?: number | undefined;
          /**
           * A retry's branch whose run the failure cancelled: the attempt of that run (still finishing). The branch's
           * new run is started only once that one is final; if it succeeded after all, its outcome is taken.
           */
          previous?: number | undefined;
        }
      >
    | undefined;
  map?: MapProgress | undefined;
  /** A re-run into one of the step's branches or items: how to start each child (kept across retries of the step). */
  rerun?: FanoutRerun | undefined;
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
