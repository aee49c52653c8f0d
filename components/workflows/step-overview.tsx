import { ArrowRight, HelpCircle } from "lucide-react";
import { clsx } from "clsx";
import { edgesOf, reachableFrom, allEdges } from "@/lib/workflow/graph";
import { stepKind } from "./step-kinds";
import { previewTemplate } from "@/lib/workflow/expressions";

type Loose = Record<string, unknown>;

/** The steps of a draft in the order a run meets them, with where each goes next. */
export function StepOverview({ draft }: { draft: Loose }) {
  const states = (draft.states ?? {}) as Record<string, Loose>;
  const ids = orderedIds(draft, states);
  const titleOf = (id: string) => (typeof states[id]?.title === "string" ? previewTemplate(states[id].title) : id);
  if (ids.length === 0) return <p className="text-sm text-slate-500">This workflow has no steps yet.</p>;
  return (
    <ol className="space-y-2" aria-label="Steps">
      {ids.map((id, index) => {
        const state = states[id] ?? {};
        const kind = stepKind(state.type);
        const Icon = kind?.icon ?? HelpCircle;
        return (
          <li key={id} className="flex gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
            <span
              className={clsx(
                "flex h-8 w-8 shrink-0 items-center justify-center rounded-md",
                kind?.color ?? "bg-slate-100 text-slate-500",
              )}
            >
              <Icon className="h-4 w-4" aria-hidden />
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline gap-x-3">
                <span className="font-medium text-slate-900">{titleOf(id)}</span>
                <span className="text-xs text-slate-500">
                  {index === 0 && draft.startAt === id ? "Start · " : ""}
                  {kind?.label ?? "Unknown kind"}
                  {state.type === "tool" ? ` · ${text(state.server)} / ${text(state.tool)}` : ""}
                </span>
              </div>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
                {edgesOf(id, state).map((e, i) => (
                  <li key={i} className="flex items-center gap-1">
                    {e.label ? <span className="text-slate-500">{e.label}</span> : null}
                    <ArrowRight className="h-3 w-3" aria-hidden />
                    <span className={states[e.to] ? "text-slate-800" : "text-red-600"}>
                      {states[e.to] ? titleOf(e.to) : `${e.to} (missing)`}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** Reachable steps in breadth-first order from the start, then the others. */
function orderedIds(draft: Loose, states: Record<string, Loose>): string[] {
  const start = typeof draft.startAt === "string" ? draft.startAt : "";
  const reach = [...reachableFrom(start, allEdges(states), (id) => id in states)];
  return [...reach, ...Object.keys(states).filter((id) => !reach.includes(id))];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "?";
}
