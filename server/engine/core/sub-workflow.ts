/**
 * Sub-workflow steps: a run of another published workflow, started as a child run (docs/parallel-map.md). The parent
 * parks on `pending: children` with one entry ("run"), like a parallel step with one branch: the same start, finish,
 * cancel, re-check and retry machinery. The child is an ordinary run of its own workflow (its own run page, people,
 * roll-back); only its end is reported to the parent.
 */
import type { SubWorkflowState, WorkflowDefinition } from "@/lib/workflow/schema";
import { childRunId } from "@/lib/runs/child-ids";
import { bindings, evaluate } from "./data";
import type { ChildLink, ChildStart, PendingChildren } from "./children-types";
import type { RunState, StepInputs, StepResult, StepError } from "./types";
import { failStep } from "./failure";
import { childPrefix, previousOf, recheck } from "./children";

/** Sub-workflows run inside each other at most this deep (a workflow that runs itself, A -> B -> A, ends here). */
export const MAX_SUB_WORKFLOW_DEPTH = 10;

/** The one child of a sub-workflow step. */
export const SUB_RUN_KEY = "run";

/** The child run to start: its workflow (and version), its input from the step's mapping. */
export async function subWorkflowChild(
  run: RunState,
  id: string,
  state: SubWorkflowState,
  prefix: string,
  attempt: number | undefined,
  previous?: string,
): Promise<{ ok: true; child: ChildStart } | { ok: false; error: StepError }> {
  const depth = (run.parent?.depth ?? 0) + 1;
  if (depth > MAX_SUB_WORKFLOW_DEPTH) {
    const message = `"${id}" would start a sub-workflow ${depth} deep (at most ${MAX_SUB_WORKFLOW_DEPTH}): does the workflow run itself?`;
    return { ok: false, error: { kind: "invalid_input", message, retryable: false } };
  }
  const input = await evaluate<Record<string, unknown>>(state.input ?? {}, bindings(run), `The input of "${id}"`);
  if (!input.ok) return input;
  const parent: ChildLink = { runId: run.runId, stateId: id, key: SUB_RUN_KEY, scope: [], kind: "workflow", depth };
  const child: ChildStart = {
    runId: childRunId(prefix, SUB_RUN_KEY, attempt),
    ...(previous ? { previous } : {}),
    input: input.value,
    vars: {},
    parent,
    workflow: { workflowId: state.workflowId, ...(state.version !== undefined ? { version: state.version } : {}) },
  };
  return { ok: true, child };
}

/** Enters the step (again on a retry: the child that failed is replaced by a new one, `run~attempt`). */
export async function enterSubWorkflow(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: SubWorkflowState,
  kept: PendingChildren | null,
  inputs: StepInputs,
): Promise<StepResult> {
  const prefix = childPrefix(run, id);
  const before = kept?.branches?.[SUB_RUN_KEY];
  const attempt = before ? run.attempt : 1;
  const waitsFor = previousOf(before);
  const previous = waitsFor !== undefined ? childRunId(prefix, SUB_RUN_KEY, waitsFor) : undefined;
  const started = await subWorkflowChild(run, id, state, prefix, attempt, previous);
  if (!started.ok) return failStep(def, run, started.error, inputs);
  const branches = {
    [SUB_RUN_KEY]: {
      status: "running" as const,
      ...(attempt > 1 ? { attempt } : {}),
      ...(waitsFor !== undefined ? { previous: waitsFor } : {}),
    },
  };
  const pending: PendingChildren = { type: "children", stateId: id, prefix, ...recheck(inputs), branches };
  return {
    state: { ...run, status: "waiting", pending },
    commands: [{ type: "start_children", children: [started.child] }],
  };
}
