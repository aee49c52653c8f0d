import { clsx } from "clsx";
import type { NodeStatus } from "./types";

const TONES: Record<NodeStatus["tone"], string> = {
  idle: "bg-slate-50 text-slate-500",
  running: "bg-brand-50 text-brand-700",
  retrying: "bg-amber-50 text-amber-700",
  waiting: "bg-violet-50 text-violet-700",
  succeeded: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-50 text-red-700",
  compensated: "bg-fuchsia-50 text-fuchsia-700",
  skipped: "bg-slate-100 text-slate-500",
  added: "bg-emerald-100 text-emerald-800",
  changed: "bg-amber-100 text-amber-800",
  removed: "bg-red-100 text-red-800 line-through",
};

export function StatusPill({ status, className }: { status: NodeStatus; className?: string | undefined }) {
  return (
    <div
      className={clsx("border-t border-slate-100 px-3 py-1 text-xs font-medium", TONES[status.tone], className)}
      data-status={status.tone}
    >
      {status.label}
    </div>
  );
}
