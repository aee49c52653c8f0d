/** Reading one run with its history (the list is in run-list.ts). */
import { mcpOriginOf } from "../mcp-server/mcp-runs";
import { finishedFanouts } from "./run-fanouts";
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";
import type { RunState } from "../../engine/core/types";
import { agentSteps } from "@/lib/agent/transcript";
import { scopedDefinition } from "../../engine/core/children";
import { computeLayout } from "@/lib/workflow/canvas";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { isTestVersion } from "../workflows/published-versions";
import { runData, withRunTitles } from "@/lib/workflow/step-titles";
import { failedStep, skippedStates } from "@/lib/runs/run-history";

export async function getRun(db: Db, runId: string) {
  const run = await db.run.findUnique({
    where: { id: runId },
    include: {
      version: { select: { version: true, definition: true, workflow: { select: { id: true, name: true } } } },
      transitions: { orderBy: { seq: "asc" } },
      attempts: { orderBy: { startedAt: "asc" } },
      escalations: { orderBy: { createdAt: "asc" } },
    },
  });
  // Claims and hand-overs of its escalations belong to the run's history too (they change nothing in the run itself).
  const escalationEvents = await db.escalationEvent.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
  if (!run) throw notFound(`Run ${runId}`);
  const state = run.state as unknown as RunState;
  // The breakers of the servers this run called (a row exists once a breaker changed status; none = closed).
  const servers = [...new Set(run.attempts.map((a) => a.server))];
  const breakerRows = await db.circuitBreaker.findMany({ where: { server: { in: servers } } });
  return {
    id: run.id,
    status: run.status,
    currentState: run.currentState,
    workflow: run.version.workflow,
    version: run.version.version,
    /** A test run of the draft (issue 23): its version is a snapshot, not a published version. */
    test: isTestVersion(run.version.version),
    // A branch or item run shows the steps of its branch or item body.
    // Step titles read with the run's data ("Review the case of Grace Hopper").
    definition: withRunTitles(
      ownDefinition(run.version.definition as unknown as WorkflowDefinition, state),
      runData(run),
    ) as unknown as Record<string, unknown>,
    partOf: state.parent
      ? {
          runId: state.parent.runId,
          stateId: state.parent.stateId,
          key: state.parent.key,
          subWorkflow: state.parent.kind === "workflow",
        }
      : null,
    /** Runs of other workflows its sub-workflow steps started (and theirs, from branches and items). */
    subRuns: await db.run.findMany({
      where: { id: { startsWith: `${run.id}.` }, workflowId: { not: run.workflowId } },
      orderBy: { createdAt: "asc" },
      take: 20,
      select: { id: true, status: true, version: { select: { version: true, workflow: { select: { id: true, name: true } } } } },
    }),
    input: run.input,
    output: (run.output as { value: unknown } | null)?.value ?? null,
    failure: run.failure as { code: string; message: string } | null,
    path: state.path,
    parentRunId: run.parentRunId,
    /** Started over MCP: by which client and caller (null otherwise). */
    mcp: await mcpOriginOf(db, run.id),
    fromStateId: run.fromStateId,
    /** For a re-run: the steps before its start, reused from the parent. */
    reused: run.parentRunId ? { runId: run.parentRunId, states: (run.seed as { path?: string[] } | null)?.path ?? [] } : null,
    children: await db.run.findMany({
      where: { parentRunId: run.id },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, status: true, fromStateId: true, createdAt: true },
    }),
    skipped: skippedStates(run.transitions),
    /**
     * Its finished parallel and map steps: how their branches and items ended (a re-run's step it took over: the
     * branches and items of the run that went through it, `reusedFrom` that run).
     */
    fanouts: await finishedFanouts(
      db,
      {
        workflowId: run.workflowId,
        state,
        seed: run.seed as unknown as Pick<RunState, "path" | "visits"> | null,
        parentRunId: run.parentRunId,
      },
      ownDefinition(run.version.definition as unknown as WorkflowDefinition, state).states,
    ),
    /** Each agent step's transcript with tokens, cost and latency per turn (rebuilt from the transitions). */
    agents: agentSteps(
      run.transitions.map((t) => ({ event: t.event, commands: t.commands, at: t.createdAt })),
      state.agent ?? null,
    ),
    breakers: servers.map((server) => {
      const b = breakerRows.find((r) => r.server === server)?.state as { status?: string; openedAt?: number | null } | undefined;
      return { server, status: b?.status ?? "closed", openedAt: b?.openedAt ?? null };
    }),
    failedStep: failedStep(run.status, state.path, run.attempts),
    pending: state.pending,
    error: state.error,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    transitions: run.transitions.map(transitionView),
    attempts: run.attempts.map(attemptView),
    escalations: run.escalations.map(escalationView),
    escalationEvents: escalationEvents.map(escalationEventView),
  };
}

type Row<K extends "transition" | "stepAttempt" | "escalation" | "escalationEvent"> = NonNullable<
  Awaited<ReturnType<Db[K]["findFirst"]>>
>;

/** One transition as a run page shows it (runs.get, and live deltas: run-delta.ts). */
export function transitionView(t: Pick<Row<"transition">, "seq" | "event" | "status" | "stateId" | "createdAt">) {
  return { seq: t.seq, event: t.event, status: t.status, stateId: t.stateId, at: t.createdAt };
}

export function attemptView(a: Row<"stepAttempt">) {
  return {
    stateId: a.stateId,
    visit: a.visit,
    attempt: a.attempt,
    purpose: a.purpose,
    server: a.server,
    tool: a.tool,
    input: a.input,
    output: (a.output as { value: unknown } | null)?.value ?? null,
    /** For a result from the cache: when the call that produced it was made (ms since the epoch). */
    cachedAt: (a.output as { cachedAt?: number } | null)?.cachedAt ?? null,
    error: a.error as { kind: string; message: string } | null,
    status: a.status,
    fromCache: a.fromCache,
    latencyMs: a.latencyMs,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
  };
}

export function escalationView(e: Row<"escalation">) {
  return {
    id: e.id,
    stateId: e.stateId,
    reason: e.reason,
    title: e.title,
    status: e.status,
    resolvedBy: e.resolvedBy,
    resolvedAt: e.resolvedAt,
    createdAt: e.createdAt,
    /** What the person decided (for a server's question: accept / decline / cancel / lost, and a note). */
    resolution: e.resolution as { action?: string; note?: string | null } | null,
    assigneeGroup: e.assigneeGroup,
    claimedBy: e.claimedBy,
  };
}

export function escalationEventView(v: Row<"escalationEvent">) {
  return {
    escalationId: v.escalationId,
    action: v.action,
    by: v.by,
    note: v.note,
    fromGroup: v.fromGroup,
    toGroup: v.toGroup,
    at: v.createdAt,
  };
}

/**
 * The machine a run runs: a branch's or an item's is its part of the workflow, laid out afresh (the workflow's saved
 * positions are its top-level steps', and would put the branch's steps where steps of the same id are at the top).
 */
export function ownDefinition(def: WorkflowDefinition, state: Pick<RunState, "parent">): WorkflowDefinition {
  const scoped = state.parent ? scopedDefinition(def, state.parent.scope) : null;
  if (!scoped) return def;
  const { layout: _top, ...machine } = scoped;
  return { ...machine, layout: computeLayout(machine) };
}
