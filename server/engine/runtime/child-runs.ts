/**
 * Carries out the commands of parallel and map steps (docs/parallel-map.md): creates and starts branch and item
 * runs (each only once: ids are deterministic), cancels them, reports a finished one to its parent, and reads a
 * map's item outputs once every item is done.
 */
import { initialState } from "../core/step";
import { FINAL_STATUSES, type ChildFinished, type ChildStart, type RunEvent, type RunState } from "../core/types";
import type { Clock, RunStore } from "./ports";

/** What the runtime needs beyond the run store: a version's workflow, and the outcomes of many runs at once. */
export interface ChildRunPort {
  workflowOf(versionId: string): Promise<string>;
  /** Status and output (succeeded runs) of these runs; missing ids are left out. */
  outcomes(runIds: string[]): Promise<Map<string, { status: string; output: unknown }>>;
}

type Deliver = (runId: string, event: RunEvent) => Promise<unknown>;

/** Item outputs are read this many runs per query. */
const READ_CHUNK = 500;

export class ChildRuns {
  private readonly workflows = new Map<string, Promise<string>>();

  constructor(
    private readonly store: RunStore,
    private readonly port: ChildRunPort | null,
    private readonly clock: Clock,
    private readonly deliver: Deliver,
    private readonly log: (err: unknown) => void,
  ) {}

  /** Creates the children not there yet and starts them; a child found finished is reported to the parent again. */
  async start(parentId: string, versionId: string, children: ChildStart[]): Promise<void> {
    await Promise.all(children.map((c) => this.startOne(parentId, versionId, c).catch((e: unknown) => this.log(e))));
  }

  private async startOne(parentId: string, versionId: string, child: ChildStart): Promise<void> {
    const existing = await this.store.loadRun(child.runId);
    if (existing && FINAL_STATUSES.includes(existing.state.status)) {
      await this.deliver(parentId, finishedEvent(child.runId, existing.state));
      return;
    }
    if (!existing) {
      const state: RunState = { ...initialState(child.runId, child.input), vars: child.vars, parent: child.parent };
      const workflowId = await this.workflowOf(versionId);
      await this.store.createRun({ id: child.runId, workflowId, versionId, input: child.input, state, now: this.clock.now() });
    } else if (existing.state.status !== "queued") return; // Running on its own: it reports when it ends.
    await this.deliver(child.runId, { type: "start", input: child.input });
  }

  /** After a child's final commit: tell its parent (the parent's re-check timer covers a crash before this). */
  finished(runId: string, state: RunState): void {
    if (!state.parent || !FINAL_STATUSES.includes(state.status)) return;
    this.deliver(state.parent.runId, finishedEvent(runId, state)).catch((e: unknown) => this.log(e));
  }

  cancel(runIds: string[]): void {
    for (const id of runIds)
      this.deliver(id, { type: "cancel", compensate: true, by: "the parent run" }).catch((e: unknown) => this.log(e));
  }

  /** Reads the outputs of `<prefix>.0` .. `<prefix>.<total-1>` in order (failed or missing: null) and delivers them. */
  async collect(parentId: string, prefix: string, total: number): Promise<void> {
    if (!this.port) return this.log(`Run ${parentId}: no child run port; its map waits for its re-check timer`);
    const results: unknown[] = [];
    for (let from = 0; from < total; from += READ_CHUNK) {
      const ids = Array.from({ length: Math.min(READ_CHUNK, total - from) }, (_, i) => `${prefix}.${from + i}`);
      const outcomes = await this.port.outcomes(ids);
      for (const id of ids) {
        const o = outcomes.get(id);
        results.push(o?.status === "succeeded" ? (o.output ?? null) : null);
      }
    }
    await this.deliver(parentId, { type: "children_collected", prefix, results });
  }

  private workflowOf(versionId: string): Promise<string> {
    if (!this.port) return Promise.reject(new Error("This engine has no child run port: parallel and map steps cannot run"));
    let found = this.workflows.get(versionId);
    if (!found) {
      found = this.port.workflowOf(versionId);
      found.catch(() => this.workflows.delete(versionId));
      this.workflows.set(versionId, found);
    }
    return found;
  }
}

function finishedEvent(childId: string, state: RunState): ChildFinished {
  return {
    type: "child_finished",
    childId,
    status: state.status,
    output: state.status === "succeeded" ? state.output : null,
    failure: state.failure,
    ...(state.status === "succeeded" ? { compensations: state.compensations } : {}),
  };
}
