/**
 * A live run page keeps the run it read once (runs.get) and applies each delta the server streams
 * (server/services/runs/run-delta.ts): the new transitions appended, the touched attempts and escalations replaced or
 * added, the head (status, pending, path...) taken over. Applying is idempotent and ordered by seq: a delta the page
 * already holds changes nothing, a transition is never shown twice, and a delta that starts after what the page holds
 * is a gap (the page asks for what it missed: runs.delta from its own seq). Pure.
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { failedStep, skippedStates } from "@/lib/runs/run-history";

type Outputs = inferRouterOutputs<AppRouter>;
export type RunView = Outputs["runs"]["get"];
export type RunDelta = Outputs["runs"]["delta"];

/** The view with the delta applied; "gap": transitions between the view and the delta are missing; "full": read the run again. */
export type Applied = RunView | "gap" | "full";

/** The seq of the last transition the view holds. */
export function seqOf(view: Pick<RunView, "transitions">): number {
  return view.transitions.at(-1)?.seq ?? 0;
}

export function applyRunDelta(view: RunView, delta: RunDelta): Applied {
  const seq = seqOf(view);
  if (delta.seq <= seq) return view;
  if (delta.full) return "full";
  if (delta.after > seq || view.path.length < delta.head.pathStart) return "gap";
  const { head } = delta;
  const path = [...view.path.slice(0, head.pathStart), ...head.pathTail];
  const transitions = [...view.transitions, ...delta.transitions.filter((t) => t.seq > seq)];
  const attempts = mergeBy(view.attempts, delta.attempts, (a) => `${a.stateId}|${a.visit}|${a.attempt}|${a.purpose}`);
  const { escalations, escalationEvents } = mergeQuestions(view, delta);
  return {
    ...view,
    status: head.status,
    currentState: head.currentState,
    path,
    pending: head.pending,
    error: head.error,
    output: head.output,
    failure: head.failure,
    finishedAt: head.finishedAt,
    definition: withTitles(view.definition, head.titles),
    transitions,
    attempts,
    escalations,
    escalationEvents,
    skipped: skippedStates(transitions),
    failedStep: failedStep(head.status, path, attempts),
  };
}

/**
 * A delta at the page's own transition (nothing moved on) still carries the current step's questions as they are now:
 * a claim or a hand-over commits no transition. A delta that moved on is applied as any other.
 */
export function withQuestions(view: RunView, delta: RunDelta): Applied {
  if (delta.seq !== seqOf(view) || delta.full) return applyRunDelta(view, delta);
  if (delta.escalations.length === 0) return view;
  return { ...view, ...mergeQuestions(view, delta) };
}

function mergeQuestions(view: RunView, delta: RunDelta): Pick<RunView, "escalations" | "escalationEvents"> {
  const escalations = mergeBy(view.escalations, delta.escalations, (e) => e.id);
  const replaced = new Set(delta.escalations.map((e) => e.id));
  // Unchanged lists stay the same arrays: what the page derives from them (its timeline) is not worked out again.
  const escalationEvents =
    replaced.size === 0 && delta.escalationEvents.length === 0
      ? view.escalationEvents
      : [...view.escalationEvents.filter((e) => !replaced.has(e.escalationId)), ...delta.escalationEvents].sort(
          (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime(),
        );
  return { escalations, escalationEvents };
}

/** `rows` with each of `changed` replacing the row of the same key, new keys appended in order. */
function mergeBy<T>(rows: T[], changed: readonly T[], key: (row: T) => string): T[] {
  if (changed.length === 0) return rows;
  const byKey = new Map(changed.map((row) => [key(row), row]));
  const out = rows.map((row) => {
    const next = byKey.get(key(row));
    if (next) byKey.delete(key(row));
    return next ?? row;
  });
  return [...out, ...byKey.values()];
}

function withTitles(definition: RunView["definition"], titles: Record<string, string>): RunView["definition"] {
  const states = (definition.states ?? {}) as Record<string, { title?: unknown }>;
  const changed = Object.entries(titles).filter(([id, title]) => states[id] && states[id].title !== title);
  if (changed.length === 0) return definition;
  const next = { ...states };
  for (const [id, title] of changed) next[id] = { ...next[id], title };
  return { ...definition, states: next };
}
