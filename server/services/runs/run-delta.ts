/**
 * What changed in a run since a transition (issue 24, live views): the transitions after `after`, the attempts and
 * escalations of the steps those transitions touched, and the run's head (status, pending, the end of its path...).
 * A live run page applies it to what it shows (components/runs/apply-run-delta.ts) instead of reading the whole run
 * again, so a transition costs the same whether the run has ten transitions or ten thousand.
 *
 * `full` says the page should read the whole run once (runs.get) instead: the run finished (its final view: fan-outs,
 * breakers, re-runs), it is compensating (undo attempts belong to earlier steps), a touched step is of a kind whose
 * view is built from more than these rows (agent transcripts, fan-outs, sub-workflows), or it is too far behind.
 */
import type { Db } from "../../db/client";
import { notFound } from "@/lib/errors";
import { isFinalStatus } from "@/lib/runs/status";
import type { RunState } from "../../engine/core/types";
import { scopedDefinition } from "../../engine/core/children";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { fillTemplate, runData } from "@/lib/workflow/step-titles";
import { attemptView, escalationEventView, escalationView, transitionView } from "./run-views";

/** More transitions behind than this: read the whole run instead. */
export const MAX_DELTA_TRANSITIONS = 200;
/** The path is sent from this many entries before its new ones (a transition can pass several steps). */
const PATH_OVERLAP = 50;
const FULL_KINDS = new Set(["agent", "parallel", "map", "subWorkflow"]);
const UNDOING = new Set(["compensating", "compensated"]);

export type RunDelta = Awaited<ReturnType<typeof runDelta>>;

export async function runDelta(db: Db, runId: string, after: number) {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      seq: true,
      status: true,
      currentState: true,
      state: true,
      input: true,
      output: true,
      failure: true,
      finishedAt: true,
      versionId: true,
    },
  });
  if (!run) throw notFound(`Run ${runId}`);
  const state = run.state as unknown as RunState;
  const since = Math.max(0, Math.min(after, run.seq));
  const behind = run.seq - since > MAX_DELTA_TRANSITIONS;
  // The transition at `after` too: the step the run was at before (its attempt or escalation ends now).
  const rows = behind
    ? []
    : await db.transition.findMany({
        where: { runId, seq: { gte: since, lte: run.seq } },
        orderBy: { seq: "asc" },
        select: { seq: true, event: true, status: true, stateId: true, createdAt: true },
      });
  const fresh = rows.filter((t) => t.seq > since);
  // And the step the run is at: a delta from the page's own transition carries its questions as they are now.
  const touched = [...new Set([...rows.map((t) => t.stateId), run.currentState].filter((s): s is string => s !== null))];
  const states = await statesOf(db, run.versionId, state);
  const full =
    behind ||
    isFinalStatus(run.status) ||
    UNDOING.has(run.status) ||
    fresh.some((t) => UNDOING.has(t.status)) ||
    touched.some((id) => FULL_KINDS.has(states.get(id)?.type ?? ""));
  const [attempts, escalations] =
    full || touched.length === 0
      ? [[], []]
      : await Promise.all([
          db.stepAttempt.findMany({ where: { runId, stateId: { in: touched } }, orderBy: { startedAt: "asc" } }),
          db.escalation.findMany({ where: { runId, stateId: { in: touched } }, orderBy: { createdAt: "asc" } }),
        ]);
  const events =
    escalations.length === 0
      ? []
      : await db.escalationEvent.findMany({
          where: { escalationId: { in: escalations.map((e) => e.id) } },
          orderBy: { createdAt: "asc" },
        });
  const pathStart = Math.max(0, state.path.length - fresh.length - PATH_OVERLAP);
  return {
    runId,
    /** The transitions in this delta are those after `after`, up to `seq` (the run's latest). */
    after: since,
    seq: behind ? run.seq : (fresh.at(-1)?.seq ?? since),
    full,
    head: {
      status: run.status,
      currentState: run.currentState,
      /** The path from this index on (what comes before it is unchanged). */
      pathStart,
      pathTail: state.path.slice(pathStart),
      pending: state.pending,
      error: state.error,
      output: (run.output as { value: unknown } | null)?.value ?? null,
      failure: run.failure as { code: string; message: string } | null,
      finishedAt: run.finishedAt,
      /** Step titles that read the run's data ("Review the case of {% $input.name %}"), as they read now. */
      titles: Object.fromEntries(states.templated.map(([id, title]) => [id, fillTemplate(title, runData(run))])),
    },
    transitions: fresh.map(transitionView),
    attempts: attempts.map(attemptView),
    escalations: escalations.map(escalationView),
    escalationEvents: events.map(escalationEventView),
  };
}

interface StepKinds {
  get(stateId: string): { type?: string } | undefined;
  /** Steps whose title is a template: [stateId, title]. */
  templated: [string, string][];
}

/** Versions never change: what a delta needs of one (its steps' kinds, templated titles) is read once per process. */
const kindsCache = new Map<string, StepKinds>();
const KINDS_CACHED = 200;

async function statesOf(db: Db, versionId: string, state: Pick<RunState, "parent">): Promise<StepKinds> {
  const key = `${versionId}|${state.parent ? JSON.stringify(state.parent.scope) : ""}`;
  const cached = kindsCache.get(key);
  if (cached) return cached;
  const version = await db.workflowVersion.findUnique({ where: { id: versionId }, select: { definition: true } });
  const top = version?.definition as unknown as WorkflowDefinition | undefined;
  const def = top && state.parent ? scopedDefinition(top, state.parent.scope) : top;
  const all = (def?.states ?? {}) as Record<string, { type?: string; title?: unknown }>;
  const kinds: StepKinds = {
    get: (id) => all[id],
    templated: Object.entries(all).flatMap(([id, s]) =>
      typeof s.title === "string" && s.title.includes("{%") ? [[id, s.title] as [string, string]] : [],
    ),
  };
  if (kindsCache.size >= KINDS_CACHED) kindsCache.delete(kindsCache.keys().next().value as string);
  kindsCache.set(key, kinds);
  return kinds;
}
