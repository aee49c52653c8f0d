"use client";

import { useId, useState, type ReactNode } from "react";
import { ChevronDown, ChevronRight } from "lucide-react";

/** A collapsible part of the inspector with a one-line summary when closed. */
export function InspectorSection({
  title,
  summary,
  defaultOpen = true,
  children,
}: {
  title: string;
  summary?: ReactNode;
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = useId();
  return (
    <section className="border-t border-slate-200 py-3">
      <h3>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
          className="flex w-full items-center gap-1.5 text-left"
        >
          {open ? (
            <ChevronDown className="h-4 w-4 text-slate-400" aria-hidden />
          ) : (
            <ChevronRight className="h-4 w-4 text-slate-400" aria-hidden />
          )}
          <span className="text-xs font-semibold tracking-wide text-slate-900 uppercase">{title}</span>
          {summary && !open ? <span className="ml-auto truncate pl-2 text-xs font-normal text-slate-500">{summary}</span> : null}
        </button>
      </h3>
      {open ? (
        <div id={bodyId} className="mt-3 space-y-3">
          {children}
        </div>
      ) : null}
    </section>
  );
}

/** A bordered box holding one item of a list (a condition, an option, a route). */
export function ItemCard({ children, actions, title }: { children: ReactNode; actions?: ReactNode; title?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50/60 p-2.5">
      {title || actions ? (
        <div className="mb-2 flex items-center gap-1">
          <div className="min-w-0 flex-1 truncate text-xs font-medium text-slate-600">{title}</div>
          {actions}
        </div>
      ) : null}
      <div className="space-y-2.5">{children}</div>
    </div>
  );
}
