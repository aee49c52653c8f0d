/**
 * Re-runs ("time travel"): a new run of the same version that starts at a step of a finished run. Its data at that
 * step comes from replaying the parent's transition log (server/engine/core/rerun.ts): the steps before it are reused,
 * not repeated. The new run links to its parent (parentRunId, fromStateId) and keeps its starting data (seed), so a
 * re-run can itself be re-run.
 *
 * From a step inside a parallel branch or a map item (a child run): the new run is a run of the whole workflow that
 * re-enters the parallel or map step (nested ones level by level); the chosen branch or item starts at the step from
 * its own replayed data, the others take over the parent's children where they succeeded (docs/parallel-map.md).
 */
import type { Db } from "../../db/client";
import type { RunControl } from "./run-control";
import { AppError, notFound } from "@/lib/errors";
import { problem } from "@/lib/workflow/problems";
import { allEdges, reachableFrom } from "@/lib/workflow/graph";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { initialState } from "../../engine/core/step";
import { dataAt, rerunState, visitIndex, type DataAtStep, type StepVisit } from "../../engine/core/rerun";
import { scopedDefinition } from "../../engine/core/children";
import {
  FINAL_STATUSES,
  type ChildLink,
  type Command,
  type FanoutRerun,
  type RunEvent,
  type RunState,
  type RunStatus,
} from "../../engine/core/types";
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

/** A branch's or item's first state: the data its parent's `start_children` command gave it. */
async function childStart(db: Db, runId: string, link: ChildLink): Promise<RunState> {
  const rows = await db.transition.findMany({
    where: { runId: link.runId },
    orderBy: { seq: "asc" },
    select: { commands: true },
  });
  for (const row of rows) {
    for (const command of row.commands as unknown as Command[]) {
      const child = command.type === "start_children" ? command.children.find((c) => c.runId === runId) : undefined;
      if (child) return { ...initialState(runId, child.input), vars: child.vars, parent: link };
    }
  }
  throw new AppError("conflict", `The history of run ${link.runId} does not say how ${runId} started`);
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
  const link = branchLink(run.state as unknown as RunState);
  const initial = seed ?? (link ? await childStart(db, run.id, link) : initialState(run.id, run.input));
  return dataAt(run.definition, initial, events, at);
}

/** A parallel branch's or map item's link to its parent (not a sub-workflow's run: that one is a workflow of its own). */
function branchLink(state: RunState): ChildLink | null {
  return state.parent && state.parent.kind !== "workflow" ? state.parent : null;
}

interface ChainRun {
  id: string;
  status: string;
  state: RunState;
}

/** The run and the runs above it whose branch or item it is, top first. */
async function chainOf(db: Db, runId: string): Promise<ChainRun[]> {
  const chain: ChainRun[] = [];
  let id: string | null = runId;
  while (id && chain.length < 50) {
    const row: { id: string; status: string; state: unknown } | null = await db.run.findUnique({
      where: { id },
      select: { id: true, status: true, state: true },
    });
    if (!row) throw notFound(`Run ${id}`);
    const state = row.state as RunState;
    chain.unshift({ id: row.id, status: row.status, state });
    id = branchLink(state)?.runId ?? null;
  }
  return chain;
}

/** Which visit of its parent's step started this child (its id is `<parent>.<step>.<visit>.<key>`). */
function visitOf(childId: string, link: ChildLink): number {
  const rest = childId.slice(`${link.runId}.${link.stateId}.`.length);
  return Number(rest.slice(0, rest.indexOf(".")));
}

/** The compensations of the data at a step, without those the run already undid. */
async function notUndone(db: Db, runId: string, data: DataAtStep): Promise<DataAtStep> {
  const undone = await db.stepAttempt.findMany({
    where: { runId, purpose: "compensation", status: "succeeded" },
    select: { stateId: true, visit: true },
  });
  const kept = data.compensations.filter((c) => !undone.some((u) => u.stateId === c.stateId && u.visit === c.visit));
  return { ...data, compensations: kept };
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

/**
 * What the re-run dialog shows for a step: the arguments it was last called with, and the warnings (inside a branch or
 * item, also the steps after each parallel or map step around it).
 */
export async function rerunPreview(db: Db, runId: string, stateId: string) {
  const chain = await chainOf(db, runId);
  const run = await db.run.findUnique({ where: { id: chain[0]!.id }, select: { version: { select: { definition: true } } } });
  if (!run) throw notFound(`Run ${runId}`);
  const top = run.version.definition as unknown as WorkflowDefinition;
  const definition = ownDefinition(top, chain.at(-1)!.state);
  if (!definition.states[stateId]) throw new AppError("invalid", `The workflow has no step "${stateId}"`);
  const last = await db.stepAttempt.findFirst({
    where: { runId, stateId, purpose: "step" },
    orderBy: [{ visit: "desc" }, { attempt: "desc" }],
    select: { input: true },
  });
  const notIdempotent = await nonIdempotentAfter(db, definition, stateId);
  for (const child of chain.slice(1).reverse()) {
    const link = branchLink(child.state)!;
    const around = ownDefinition(top, chain.find((r) => r.id === link.runId)!.state);
    notIdempotent.push(...(await nonIdempotentAfter(db, around, link.stateId)));
  }
  return {
    kind: definition.states[stateId].type,
    lastArgs: (last?.input ?? null) as Record<string, unknown> | null,
    notIdempotent,
  };
}

/** The steps a run executes: its branch's or item body's for a child run. */
function ownDefinition(definition: WorkflowDefinition, state: RunState): WorkflowDefinition {
  const link = branchLink(state);
  return (link ? scopedDefinition(definition, link.scope) : definition) ?? definition;
}

export interface RerunInput {
  runId: string;
  stateId: string;
  /** Which visit of the step (default: the last one). */
  visit?: number | undefined;
  /** Other arguments for the step's tool. */
  args?: Record<string, unknown> | undefined;
}

/**
 * Starts a new run at a step of a finished run, reusing what came before it. A step inside a branch or item (`runId`
 * is that child run): the new run is of the whole workflow, re-entering the parallel or map step (see the top).
 */
export async function rerun(db: Db, engine: RunControl, input: RerunInput): Promise<{ runId: string }> {
  const chain = await chainOf(db, input.runId);
  const top = await db.run.findUnique({
    where: { id: chain[0]!.id },
    select: { id: true, status: true, workflowId: true, versionId: true, input: true, version: true },
  });
  if (!top) throw notFound(`Run ${input.runId}`);
  const unfinished = [top, ...chain].find((r) => !FINAL_STATUSES.includes(r.status as RunStatus));
  if (unfinished)
    throw new AppError(
      "conflict",
      `Only a finished run can be re-run: ${unfinished.id === input.runId ? "this one" : `its run ${unfinished.id}`} is ${unfinished.status}`,
    );
  const chosen = chain.at(-1)!;
  const definition = ownDefinition(top.version.definition as unknown as WorkflowDefinition, chosen.state);
  const state = definition.states[input.stateId];
  const visits = chosen.state.path.filter((id) => id === input.stateId).length;
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
  const runId = newId("run");
  const seed = await seedFor(db, chain, runId, input);
  // Created and started in one commit by the run store (the only writer of Run rows).
  await engine.startRun({
    runId,
    workflowId: top.workflowId,
    versionId: top.versionId,
    input: top.input ?? {},
    rerun: { seed, parentRunId: top.id, fromStateId: seed.resume?.stateId ?? input.stateId },
  });
  return { runId };
}

/**
 * The new run's seed: the chosen run's data at the step; for a child run, wrapped level by level into its parents'
 * seeds at their parallel or map step (`into`). What a run already undid is not the new run's to undo again.
 */
async function seedFor(db: Db, chain: ChainRun[], runId: string, input: RerunInput): Promise<RunState> {
  const chosen = chain.at(-1)!;
  const at = { stateId: input.stateId, visit: input.visit ?? chosen.state.path.filter((id) => id === input.stateId).length };
  const data = await dataAtRun(db, chosen.id, at);
  if (!data) throw new AppError("conflict", `The run's history does not lead to "${input.stateId}"; it cannot be replayed`);
  let seed = rerunState(chain.length === 1 ? runId : "", await notUndone(db, chosen.id, data), input.stateId, input.args);
  for (let k = chain.length - 2; k >= 0; k--) {
    const child = chain[k + 1]!;
    const link = branchLink(child.state)!;
    const visit = visitOf(child.id, link);
    const from = `${chain[k]!.id}.${link.stateId}.${visit}`;
    const into: FanoutRerun = { from, key: link.key, seed, parentRunId: child.id, fromStateId: seed.resume!.stateId };
    const atStep = await dataAtRun(db, chain[k]!.id, { stateId: link.stateId, visit });
    if (!atStep) throw new AppError("conflict", `The run's history does not lead to "${link.stateId}"; it cannot be replayed`);
    seed = rerunState(k === 0 ? runId : "", await notUndone(db, chain[k]!.id, atStep), link.stateId, undefined, into);
  }
  return seed;
}
