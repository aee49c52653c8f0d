/** Starting and cancelling runs of published workflows. */
import type { Db } from "../db/client";
import type { Engine } from "../engine/runtime/engine";
import type { AuditRow } from "../engine/runtime/ports";
import { AppError, notFound } from "@/lib/errors";
import { checkValue } from "@/lib/workflow/input-schema";
import { problem } from "@/lib/workflow/problems";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** Starts a run of the workflow's latest published version; bad input is refused with every problem and nothing is created. */
export async function startRun(
  db: Db,
  engine: Engine,
  input: { workflowId: string; input: unknown; runId?: string | undefined },
): Promise<{ runId: string; version: number }> {
  const version = await db.workflowVersion.findFirst({ where: { workflowId: input.workflowId }, orderBy: { version: "desc" } });
  if (!version) {
    const exists = await db.workflow.findUnique({ where: { id: input.workflowId }, select: { id: true } });
    if (!exists) throw notFound(`Workflow ${input.workflowId}`);
    throw new AppError("conflict", "This workflow has not been published yet: publish it before starting runs");
  }
  const definition = version.definition as unknown as WorkflowDefinition;
  const problems = definition.input ? checkValue(definition.input, input.input ?? {}) : [];
  if (problems.length > 0) {
    throw new AppError(
      "invalid",
      `The input has ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
      problems.map((p) => problem(["input", ...p.path], "invalid_input", p.message)),
    );
  }
  const runId = await engine.startRun({
    workflowId: input.workflowId,
    versionId: version.id,
    input: input.input ?? {},
    ...(input.runId ? { runId: input.runId } : {}),
  });
  return { runId, version: version.version };
}

export async function cancelRun(
  db: Db,
  engine: Engine,
  input: { runId: string; compensate: boolean; by: string; audit?: AuditRow | undefined },
): Promise<void> {
  const run = await db.run.findUnique({ where: { id: input.runId }, select: { status: true } });
  if (!run) throw notFound(`Run ${input.runId}`);
  // The cancel and its audit row: one transaction.
  const event = { type: "cancel" as const, compensate: input.compensate, by: input.by };
  const result = await engine.deliver(input.runId, event, undefined, undefined, input.audit);
  if (result?.ignored) throw new AppError("conflict", `The run cannot be cancelled: ${result.ignored}`);
}
