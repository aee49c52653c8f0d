/** Starting and cancelling runs of published workflows. */
import type { Db } from "../../db/client";
import type { RunControl } from "./run-control";
import type { AuditRow } from "../../engine/runtime/ports";
import { AppError, notFound } from "@/lib/errors";
import { checkValue } from "@/lib/workflow/input-schema";
import { problem, type Problem } from "@/lib/workflow/problems";
import { publishedVersions, type PublishedVersion } from "../workflows/published-versions";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** Starts a run of the workflow's latest published version; bad input is refused with every problem and nothing is created. */
export async function startRun(
  db: Db,
  engine: RunControl,
  input: { workflowId: string; input: unknown; runId?: string | undefined },
): Promise<{ runId: string; version: number }> {
  const version = await latestVersion(db, input.workflowId);
  const value = input.input ?? {};
  refuseBadInput(inputProblems(version.definition, value, ["input"]));
  const runId = await engine.startRun({
    workflowId: input.workflowId,
    versionId: version.id,
    input: value,
    ...(input.runId ? { runId: input.runId } : {}),
  });
  return { runId, version: version.version };
}

/** Runs started by one batch request at most. */
export const MAX_BATCH_RUNS = 1000;

/** One input of a batch: its run, or why it was not started (a commit the database refused; the others stand). */
export type BatchStart = { runId: string } | { error: string };

/**
 * Starts one run per input, all of the workflow's latest published version, through the same engine path as startRun
 * (their first transitions share commits). Every input is checked first: if any is bad, nothing is started and the
 * problems name the input by its index. A start that fails after that (the database refused its commit) is reported
 * in its place, so the caller starts again exactly the inputs that have no run.
 */
export async function startRuns(
  db: Db,
  engine: Pick<RunControl, "startRun">,
  input: { workflowId: string; inputs: unknown[] },
): Promise<{ starts: BatchStart[]; version: number }> {
  if (input.inputs.length === 0) throw new AppError("invalid", "There are no inputs: send at least one");
  if (input.inputs.length > MAX_BATCH_RUNS)
    throw new AppError("invalid", `At most ${MAX_BATCH_RUNS} runs can be started at once; got ${input.inputs.length}`);
  const version = await latestVersion(db, input.workflowId);
  const values = input.inputs.map((v) => v ?? {});
  refuseBadInput(values.flatMap((v, i) => inputProblems(version.definition, v, ["inputs", i])));
  const settled = await Promise.allSettled(
    values.map((value) => engine.startRun({ workflowId: input.workflowId, versionId: version.id, input: value })),
  );
  const starts = settled.map((s): BatchStart =>
    s.status === "fulfilled"
      ? { runId: s.value }
      : { error: "Not started: the database refused the run; start this input again" },
  );
  return { starts, version: version.version };
}

async function latestVersion(db: Db, workflowId: string): Promise<PublishedVersion> {
  const version = await publishedVersions().latest(db, workflowId);
  if (version) return version;
  const exists = await db.workflow.findUnique({ where: { id: workflowId }, select: { id: true } });
  if (!exists) throw notFound(`Workflow ${workflowId}`);
  throw new AppError("conflict", "This workflow has not been published yet: publish it before starting runs");
}

export function inputProblems(definition: WorkflowDefinition, value: unknown, at: (string | number)[]): Problem[] {
  if (!definition.input) return [];
  return checkValue(definition.input, value).map((p) => problem([...at, ...p.path], "invalid_input", p.message));
}

export function refuseBadInput(problems: Problem[]): void {
  if (problems.length === 0) return;
  throw new AppError("invalid", `The input has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, problems);
}

export async function cancelRun(
  db: Db,
  engine: RunControl,
  input: { runId: string; compensate: boolean; by: string; audit?: AuditRow | undefined },
): Promise<void> {
  const run = await db.run.findUnique({ where: { id: input.runId }, select: { status: true } });
  if (!run) throw notFound(`Run ${input.runId}`);
  // The cancel and its audit row: one transaction.
  const event = { type: "cancel" as const, compensate: input.compensate, by: input.by };
  const result = await engine.deliver(input.runId, event, undefined, undefined, input.audit);
  if (result !== "queued" && result?.ignored) throw new AppError("conflict", `The run cannot be cancelled: ${result.ignored}`);
}
