/**
 * Test runs (issue 23): the draft, run once with sample input before it is published. The draft is checked as
 * publishing checks it, frozen as a test snapshot (a version numbered below 1, see PUBLISHED) and run by the same
 * engine as any run: its tools are really called, its people really asked. Its page says it is a test run, and
 * Insights leave it out.
 */
import type { Db } from "../../db/client";
import type { RunControl } from "../runs/run-control";
import { AppError, notFound } from "@/lib/errors";
import { inputProblems, refuseBadInput } from "../runs/runs";
import { runnableDraft, testSnapshot } from "./workflows";
import { withPinsForTest } from "@/lib/workflow/pins";

export async function startTestRun(
  db: Db,
  engine: Pick<RunControl, "startRun">,
  input: { workflowId: string; input: unknown },
): Promise<{ runId: string; version: number }> {
  const row = await db.workflow.findUnique({
    where: { id: input.workflowId },
    select: { id: true, draft: true, archived: true },
  });
  if (!row) throw notFound(`Workflow ${input.workflowId}`);
  if (row.archived) throw new AppError("conflict", "An archived workflow cannot be tested: restore it first");
  const definition = await runnableDraft(db, row, "testing");
  const value = input.input ?? {};
  refuseBadInput(inputProblems(definition, value, ["input"]));
  // Pinned outputs answer instead of their tools (a test snapshot only; published versions are never rewritten).
  const snapshot = await testSnapshot(db, row.id, withPinsForTest(definition));
  const runId = await engine.startRun({ workflowId: row.id, versionId: snapshot.id, input: value });
  return { runId, version: snapshot.version };
}
