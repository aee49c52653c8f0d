"use client";

import { createContext, useContext } from "react";
import { ChevronDown, ChevronRight } from "lucide-react";

/** Collapses or expands a parallel or map step's group; absent where groups cannot be toggled. */
export const GroupToggleContext = createContext<((id: string) => void) | null>(null);

/** The button in a group step's header: "Hide steps" when drawn as a group, "Show steps" when compact. */
export function GroupToggle({ id, expanded }: { id: string; expanded: boolean }) {
  const toggle = useContext(GroupToggleContext);
  if (!toggle) return null;
  const Icon = expanded ? ChevronDown : ChevronRight;
  return (
    <button
      type="button"
      // Not a drag handle and not a click on the node: only the toggle.
      className="nodrag nopan inline-flex shrink-0 items-center gap-1 rounded-md border border-slate-200 bg-white px-1.5 py-0.5 text-[11px] font-medium text-slate-600 hover:bg-slate-50"
      aria-expanded={expanded}
      aria-label={expanded ? `Collapse ${id}` : `Expand ${id}`}
      onClick={(e) => {
        e.stopPropagation();
        toggle(id);
      }}
    >
      <Icon className="h-3 w-3" aria-hidden />
      {expanded ? "Collapse" : "Show steps"}
    </button>
  );
}
