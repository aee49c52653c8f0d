"use client";

import { useEffect, useState } from "react";
import { Panel } from "@xyflow/react";
import { ChevronDown, ChevronUp } from "lucide-react";

const KEY = "switchyard.designer.legend";

const ITEMS = [
  { label: "Next step", stroke: "#64748b", dash: undefined },
  { label: "Decision branch", stroke: "#7c3aed", dash: undefined },
  { label: "Person's option", stroke: "#b45309", dash: undefined },
  { label: "If the step fails", stroke: "#dc2626", dash: "6 4" },
  { label: "When the SLA passes", stroke: "#d97706", dash: "6 4" },
  { label: "Undo step (on rollback)", stroke: "#c026d3", dash: "6 4" },
];

export function Legend() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    // Open for a first visit; afterwards as the person left it.
    const saved = window.localStorage.getItem(KEY);
    if (saved !== "closed") setOpen(true); // eslint-disable-line react-hooks/set-state-in-effect -- reads the browser's storage once
  }, []);
  const toggle = () =>
    setOpen((o) => {
      window.localStorage.setItem(KEY, o ? "closed" : "open");
      return !o;
    });
  return (
    <Panel position="top-left" className="rounded-lg border border-slate-200 bg-white/95 text-xs text-slate-600 shadow-sm">
      <button
        type="button"
        onClick={toggle}
        aria-expanded={open}
        className="flex w-full items-center justify-between gap-3 px-3 py-1.5 font-medium text-slate-700"
      >
        Legend {open ? <ChevronUp className="h-3.5 w-3.5" aria-hidden /> : <ChevronDown className="h-3.5 w-3.5" aria-hidden />}
      </button>
      {open ? (
        <ul className="space-y-1 px-3 pb-2">
          {ITEMS.map((item) => (
            <li key={item.label} className="flex items-center gap-2">
              <svg width="28" height="6" aria-hidden>
                <line x1="0" y1="3" x2="28" y2="3" stroke={item.stroke} strokeWidth="2" strokeDasharray={item.dash} />
              </svg>
              {item.label}
            </li>
          ))}
          <li className="max-w-52 pt-1 text-[11px] text-slate-400">
            Zoomed far out, or with very many of them, dashed routes are drawn solid (same colours and labels).
          </li>
        </ul>
      ) : null}
    </Panel>
  );
}
