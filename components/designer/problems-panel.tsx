"use client";

import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { clsx } from "clsx";
import { AlertTriangle, CheckCircle2, ChevronDown, ChevronUp, CircleX } from "lucide-react";
import { formatPath, type Problem } from "@/lib/workflow/problems";
import { useEditor, useEditorStore } from "./editor-context";
import { readable } from "./nodes/kind";

/** The list of problems under the canvas; a click shows the step it is about. */
export function ProblemsPanel({ problems }: { problems: readonly Problem[] }) {
  const [open, setOpen] = useState(true);
  const store = useEditorStore();
  const states = useEditor((s) => (s.doc.states ?? {}) as Record<string, { title?: unknown }>);
  const flow = useReactFlow();
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;

  const focus = (p: Problem) => {
    if (!p.stateId || !(p.stateId in states)) return;
    store.getState().select([p.stateId]);
    void flow.fitView({ nodes: [{ id: p.stateId }], duration: 300, maxZoom: 1.1, padding: 0.6 });
  };
  const titleOf = (id: string) => {
    const t = states[id]?.title;
    return typeof t === "string" && t !== "" ? readable(t) : id;
  };

  return (
    <section aria-label="Problems" className="border-t border-slate-200 bg-white">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center gap-3 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
      >
        {problems.length === 0 ? (
          <span className="flex items-center gap-1.5 text-emerald-700">
            <CheckCircle2 className="h-4 w-4" aria-hidden /> No problems: ready to publish
          </span>
        ) : (
          <>
            <span>Problems</span>
            {errors > 0 ? (
              <span className="flex items-center gap-1 text-red-700">
                <CircleX className="h-4 w-4" aria-hidden /> {errors} error{errors === 1 ? "" : "s"}
              </span>
            ) : null}
            {warnings > 0 ? (
              <span className="flex items-center gap-1 text-amber-700">
                <AlertTriangle className="h-4 w-4" aria-hidden /> {warnings} warning{warnings === 1 ? "" : "s"}
              </span>
            ) : null}
            {errors > 0 ? (
              <span className="text-xs font-normal text-slate-500">Publishing is blocked until the errors are fixed.</span>
            ) : null}
          </>
        )}
        {problems.length > 0 ? (
          open ? (
            <ChevronDown className="ml-auto h-4 w-4" aria-hidden />
          ) : (
            <ChevronUp className="ml-auto h-4 w-4" aria-hidden />
          )
        ) : null}
      </button>
      {open && problems.length > 0 ? (
        <ul
          className="max-h-[22vh] divide-y divide-slate-100 overflow-y-auto border-t border-slate-100"
          aria-label="Problem list"
        >
          {problems.map((p, i) => (
            <li key={`${formatPath(p.path)}-${p.code}-${i}`}>
              <button
                type="button"
                onClick={() => focus(p)}
                className={clsx(
                  "flex w-full items-start gap-2.5 px-4 py-1.5 text-left text-sm",
                  p.stateId ? "hover:bg-slate-50" : "cursor-default",
                )}
              >
                {p.severity === "error" ? (
                  <CircleX className="mt-0.5 h-4 w-4 shrink-0 text-red-600" aria-label="Error" />
                ) : (
                  <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-500" aria-label="Warning" />
                )}
                <span className="min-w-0">
                  <span className="font-medium text-slate-800">{p.stateId ? titleOf(p.stateId) : "Workflow"}</span>
                  {p.field ? <span className="ml-1.5 font-mono text-xs text-slate-400">{p.field}</span> : null}
                  <span className="block text-slate-600">{p.message}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
