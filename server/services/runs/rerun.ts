/**
 * Re-runs ("time travel"): a new run of the same version that starts at a step of a finished run. Its data at that
 * step comes from replaying the parent's transition log (server/engine/core/rerun.ts): the steps before it are reused,
 * not repeated. The new run links to its parent (parentRunId, fromStateId) and keeps its starting data (seed), so a
 * re-run can itself be re-run.
 */
import type { Db } from "../../db/client";
import type { RunControl } from "./run-control";
import { AppError, notFound } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import { allEdges, reachableFrom } from "@/lib/workflow/graph";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { initialState } from "../../engine/core/step";
import { dataAt, rerunState, visitIndex, type DataAtStep, type StepVisit } from "../../engine/core/rerun";
import { FINAL_STATUSES, type RunEvent, type RunState, type RunStatus } from "../../engine/core/types";
import { newId } from "../../util/ids";
import { resolveBlobs } from "./run-blobs";

async function loadForReplay(db: Db, runId: string) {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: {
      version: { select: { definition: true } },
      transitions: { orderBy: { seq: "asc" }, select: { event: true, createdAt: true } },
    },
  });
  if (!run) throw notFound(`Run ${runId}`);
  return { ...run, definition: run.version.definition as unknown as WorkflowDefinition };
}

/** The run's data when it entered the step's visit: from its own log, or its parent's for a step it reused. */
async function dataAtRun(db: Db, runId: string, at: StepVisit, depth = 0): Promise<DataAtStep | null> {
  const run = await loadForReplay(db, runId);
  const seed = run.seed as RunState | null;
  if (seed && run.parentRunId && visitIndex(seed.path, at) !== -1 && depth < 50)
    return dataAtRun(db, run.parentRunId, at, depth + 1);
  const events = await resolveBlobs(
    db,
    run.transitions.map((t) => ({ event: t.event as unknown as RunEvent, at: t.createdAt.getTime() })),
  );
  return dataAt(run.definition, seed ?? initialState(run.id, run.input), events, at);
}

/** The tool steps that may run again from `stateId` on and are not idempotent (so a re-run repeats their effect). */
export async function nonIdempotentAfter(db: Db, definition: WorkflowDefinition, stateId: string) {
  const states = definition.states;
  const reachable = reachableFrom(stateId, allEdges(states), (id) => id in states);
  const tools = [...reachable].flatMap((id) => {
    const s = states[id];
    return s?.type === "tool"
      ? [{ stateId: id, title: s.title ?? id, server: s.server, tool: s.tool, idempotent: s.idempotent }]
      : [];
  });
  const catalog = await db.mcpTool.findMany({
    where: { server: { name: { in: [...new Set(tools.map((t) => t.server))] } } },
    select: { name: true, annotations: true, server: { select: { name: true } } },
  });
  const hinted = new Set(
    catalog
      .filter((t) => {
        const a = (t.annotations ?? {}) as { idempotentHint?: boolean; readOnlyHint?: boolean };
        return a.idempotentHint === true || a.readOnlyHint === true;
      })
      .map((t) => `${t.server.name}/${t.name}`),
  );
  return tools
    .filter((t) => !(t.idempotent ?? hinted.has(`${t.server}/${t.tool}`)))
    .map(({ stateId: id, title, server, tool }) => ({ stateId: id, title, server, tool }));
}

/** What the re-run dialog shows for a step: the arguments it was last called with, and the warnings. */
export async function rerunPreview(db: Db, runId: string, stateId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { version: { select: { definition: true } } } });
  if (!run) throw notFound(`Run ${runId}`);
  const definition = run.version.definition as unknown as WorkflowDefinition;
  if (!definition.states[stateId]) throw new AppError("invalid", `The workflow has no step "${stateId}"`);
  const last = await db.stepAttempt.findFirst({
    where: { runId, stateId, purpose: "step" },
    orderBy: [{ visit: "desc" }, { attempt: "desc" }],
    select: { input: true },
  });
  return {
    kind: definition.states[stateId].type,
    lastArgs: (last?.input ?? null) as Record<string, unknown> | null,
    notIdempotent: await nonIdempotentAfter(db, definition, stateId),
  };
}

export interface RerunInput {
  runId: string;
  stateId: string;
  /** Which visit of the step (default: the last one). */
  visit?: number | undefined;
  /** Other arguments for the step's tool. */
  args?: Record<string, unknown> | undefined;
}

/** Starts a new run at a step of a finished run, reusing what came before it. */
export async function rerun(db: Db, engine: RunControl, input: RerunInput): Promise<{ runId: string }> {
  const parent = await db.run.findUnique({
    where: { id: input.runId },
    select: { id: true, status: true, workflowId: true, versionId: true, input: true, state: true, version: true },
  });
  if (!parent) throw notFound(`Run ${input.runId}`);
  if (!FINAL_STATUSES.includes(parent.status as RunStatus))
    throw new AppError("conflict", `Only a finished run can be re-run: this one is ${parent.status}`);
  const definition = parent.version.definition as unknown as WorkflowDefinition;
  const state = definition.states[input.stateId];
  const path = (parent.state as unknown as RunState).path;
  const visits = path.filter((id) => id === input.stateId).length;
  if (!state || visits === 0)
    throw new AppError("invalid", `The run never reached the step "${input.stateId}"`, [
      problem(["stateId"], "not_reached", "Pick a step the run passed through"),
    ]);
  if (input.args && state.type !== "tool")
    throw new AppError("invalid", "Only a tool step takes other arguments", [
      problem(["args"], "not_a_tool", `"${input.stateId}" is a ${state.type} step`),
    ]);
  const visit = input.visit ?? visits;
  if (visit < 1 || visit > visits)
    throw new AppError("invalid", `The run entered "${input.stateId}" ${visits} time(s)`, [
      problem(["visit"], "no_such_visit", `Pick a visit from 1 to ${visits}`),
    ]);
  const data = await dataAtRun(db, parent.id, { stateId: input.stateId, visit });
  if (!data) throw new AppError("conflict", `The run's history does not lead to "${input.stateId}"; it cannot be replayed`);
  // What the parent already undid is not the new run's to undo again.
  const undone = await db.stepAttempt.findMany({
    where: { runId: parent.id, purpose: "compensation", status: "succeeded" },
    select: { stateId: true, visit: true },
  });
  const kept = data.compensations.filter((c) => !undone.some((u) => u.stateId === c.stateId && u.visit === c.visit));
  const runId = newId("run");
  const seed = rerunState(runId, { ...data, compensations: kept }, input.stateId, input.args);
  // Created and started in one commit by the run store (the only writer of Run rows).
  await engine.startRun({
    runId,
    workflowId: parent.workflowId,
    versionId: parent.versionId,
    input: parent.input ?? {},
    rerun: { seed, parentRunId: parent.id, fromStateId: input.stateId },
  });
  return { runId };
}
