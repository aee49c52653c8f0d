/**
 * Carries out the commands of parallel and map steps (docs/parallel-map.md): creates and starts branch and item
 * runs (each only once: ids are deterministic), cancels them, reports a finished one to its parent, and reads a
 * map's item outputs once every item is done.
 */
import { childRunId } from "@/lib/runs/child-ids";
import { initialState } from "../core/step";
import { reusedChild } from "../core/rerun";
import { checkValue, type InputSchema } from "@/lib/workflow/input-schema";
import {
  FINAL_STATUSES,
  type ChildFinished,
  type ChildStart,
  type RunEvent,
  type RunFailure,
  type RunState,
} from "../core/types";
import type { Clock, NewRun, RunStore } from "./ports";

/** What the runtime needs beyond the run store: a version's workflow, and the outcomes of many runs at once. */
export interface ChildRunPort {
  workflowOf(versionId: string): Promise<string>;
  /** A published version of a workflow (none given: its latest), with its input schema; null when there is none. */
  versionOf(
    workflowId: string,
    version: number | undefined,
  ): Promise<{ workflowId: string; versionId: string; version: number; input: InputSchema | undefined } | null>;
  /** A re-run's branch or item to take over: the succeeded run among `<id>` and `<id>~<attempt>` (null: none). */
  succeededRun(id: string): Promise<string | null>;
  /** Status and output (succeeded runs) of these runs; missing ids are left out. */
  outcomes(runIds: string[]): Promise<Map<string, { status: string; output: unknown }>>;
}

type Deliver = (runId: string, event: RunEvent) => Promise<unknown>;

/** Item outputs are read this many runs per query. */
const READ_CHUNK = 500;

/** A map's collected results (the outputs of its items, as JSON) may be this large; more fails the step. */
export const DEFAULT_MAX_COLLECTED_BYTES = 8 * 1024 * 1024;

export class ChildRuns {
  private readonly workflows = new Map<string, Promise<string>>();

  constructor(
    private readonly store: RunStore,
    private readonly port: ChildRunPort | null,
    private readonly clock: Clock,
    private readonly deliver: Deliver,
    private readonly log: (err: unknown) => void,
    private readonly maxCollectedBytes = DEFAULT_MAX_COLLECTED_BYTES,
  ) {}

  /** Creates the children not there yet and starts them; a child found finished is reported to the parent again. */
  async start(parentId: string, versionId: string, children: ChildStart[]): Promise<void> {
    await Promise.all(children.map((c) => this.startOne(parentId, versionId, c).catch((e: unknown) => this.log(e))));
  }

  private async startOne(parentId: string, versionId: string, child: ChildStart): Promise<void> {
    // A retry replaces a child its step cancelled. That one may still be finishing (a call in flight): the new one
    // starts only once it is final, and if it succeeded after all its outcome stands. Either way the parent hears of
    // it (it then starts the new one, without `previous`); until it is final its own end tells the parent.
    if (child.previous) {
      const before = await this.store.loadRun(child.previous);
      if (before && !FINAL_STATUSES.includes(before.state.status)) return;
      const never: ChildFinished = {
        type: "child_finished",
        childId: child.previous,
        status: "cancelled",
        output: null,
        failure: { code: "cancelled", message: "The run was never created" },
      };
      await this.deliver(parentId, before ? finishedEvent(child.previous, before.state) : never);
      return;
    }
    const existing = await this.store.loadRun(child.runId);
    if (existing && FINAL_STATUSES.includes(existing.state.status)) {
      await this.deliver(parentId, finishedEvent(child.runId, existing.state));
      return;
    }
    if (!existing) {
      const target = child.workflow
        ? await this.subWorkflowVersion(child)
        : { workflowId: await this.workflowOf(versionId), versionId };
      if ("failure" in target) {
        await this.deliver(parentId, {
          type: "child_finished",
          childId: child.runId,
          status: "failed",
          output: null,
          failure: target.failure,
        });
        return;
      }
      const { state, rerun } = await this.initial(child);
      const now = this.clock.now();
      await this.store.createRun({ id: child.runId, ...target, input: child.input, state, now, ...(rerun ? { rerun } : {}) });
    } else if (existing.state.status !== "queued") return; // Running on its own: it reports when it ends.
    await this.deliver(child.runId, { type: "start", input: child.input });
  }

  /**
   * A child's first state: a re-run's chosen branch or item starts from its seed; one the re-run takes over, from the
   * run it takes over when that one succeeded (it then ends at once); else afresh.
   */
  private async initial(child: ChildStart): Promise<{ state: RunState; rerun?: NewRun["rerun"] }> {
    if (child.rerun) {
      const state: RunState = { ...child.rerun.seed, runId: child.runId, parent: child.parent };
      return { state, rerun: { ...child.rerun, seed: state } };
    }
    const before = child.reuse && this.port ? await this.port.succeededRun(child.reuse) : null;
    const loaded = before ? await this.store.loadRun(before) : null;
    if (before && loaded?.state.status === "succeeded") {
      const state = reusedChild(child.runId, child.parent, loaded.state, before);
      return { state, rerun: { seed: state, parentRunId: before, fromStateId: state.resume?.stateId ?? "" } };
    }
    return { state: { ...initialState(child.runId, child.input), vars: child.vars, parent: child.parent } };
  }

  /**
   * A sub-workflow's child: the version to run (pinned, or the latest published when first created) and its input
   * checked against that version's input schema; a failure (no such version, bad input) is not retryable.
   */
  private async subWorkflowVersion(
    child: ChildStart,
  ): Promise<{ workflowId: string; versionId: string } | { failure: RunFailure }> {
    if (!this.port) throw new Error("This engine has no child run port: sub-workflow steps cannot run");
    const { workflowId, version } = child.workflow!;
    const target = await this.port.versionOf(workflowId, version);
    if (!target) {
      const what = version === undefined ? "has no published version" : `has no published version ${version}`;
      return { failure: { code: "invalid_input", message: `The workflow "${workflowId}" ${what}`, retryable: false } };
    }
    const problems = target.input ? checkValue(target.input, child.input ?? {}) : [];
    if (problems.length > 0) {
      const list = problems
        .slice(0, 5)
        .map((p) => `${p.path.length > 0 ? p.path.join(".") : "input"}: ${p.message}`)
        .join("; ");
      const message = `The input does not match the input of "${workflowId}" version ${target.version}: ${list}`;
      return { failure: { code: "invalid_input", message: message.slice(0, 2000), retryable: false } };
    }
    return { workflowId: target.workflowId, versionId: target.versionId };
  }

  /** After a child's final commit: tell its parent (the parent's re-check timer covers a crash before this). */
  finished(runId: string, state: RunState): void {
    if (!state.parent || !FINAL_STATUSES.includes(state.status)) return;
    this.deliver(state.parent.runId, finishedEvent(runId, state)).catch((e: unknown) => this.log(e));
  }

  /** `afterCall`: a child's call in flight is awaited, not interrupted (the parent's step failed; a retry may follow). */
  cancel(runIds: string[], afterCall = false): void {
    for (const id of runIds)
      this.deliver(id, { type: "cancel", compensate: true, by: "the parent run", ...(afterCall ? { afterCall } : {}) }).catch(
        (e: unknown) => this.log(e),
      );
  }

  /**
   * Reads the outputs of items 0 .. total-1 in order (an item retried by its step: the run of it that succeeded;
   * failed or missing: null) and delivers them, or that they are over the size limit (reading stops there).
   */
  async collect(parentId: string, prefix: string, total: number, attempts = 1): Promise<void> {
    if (!this.port) return this.log(`Run ${parentId}: no child run port; its map waits for its re-check timer`);
    const results: unknown[] = [];
    let bytes = 0;
    for (let from = 0; from < total; from += READ_CHUNK) {
      const indices = Array.from({ length: Math.min(READ_CHUNK, total - from) }, (_, i) => from + i);
      const outputs = await this.succeeded(prefix, indices, attempts);
      for (const i of indices) {
        const output = outputs.get(i) ?? null;
        bytes += Buffer.byteLength(JSON.stringify(output));
        if (bytes > this.maxCollectedBytes) {
          const tooLarge = { bytes, limitBytes: this.maxCollectedBytes };
          return void (await this.deliver(parentId, { type: "children_collected", prefix, results: [], tooLarge }));
        }
        results.push(output);
      }
    }
    await this.deliver(parentId, { type: "children_collected", prefix, results });
  }

  /** The output of each index's succeeded run: `<prefix>.<i>`, else one of `<prefix>.<i>~2` .. `~attempts`. */
  private async succeeded(prefix: string, indices: number[], attempts: number): Promise<Map<number, unknown>> {
    const found = new Map<number, unknown>();
    const first = await this.port!.outcomes(indices.map((i) => childRunId(prefix, String(i))));
    for (const i of indices) {
      const o = first.get(childRunId(prefix, String(i)));
      if (o?.status === "succeeded") found.set(i, o.output ?? null);
    }
    const missing = indices.filter((i) => !found.has(i));
    for (let a = 2; a <= attempts && missing.length > 0; a++) {
      const again = await this.port!.outcomes(missing.map((i) => childRunId(prefix, String(i), a)));
      for (const i of missing) {
        const o = again.get(childRunId(prefix, String(i), a));
        if (o?.status === "succeeded") found.set(i, o.output ?? null);
      }
    }
    return found;
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
