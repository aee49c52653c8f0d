"use client";

import { memo, useEffect } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { clsx } from "clsx";
import { AlertTriangle, CircleAlert, HelpCircle, Play } from "lucide-react";
import { nodeKind } from "../nodes/registry";
import { readable, str, type HandleSpec } from "../nodes/kind";
import type { StateFlowNode } from "./types";
import { StatusPill } from "./status-pill";
import { GroupToggle } from "./group-toggle";

const TONE_CLASSES: Record<HandleSpec["tone"], string> = {
  normal: "!bg-slate-500",
  error: "!bg-red-500",
  timeout: "!bg-amber-500",
};

function StateNodeView({ id, data, selected }: NodeProps<StateFlowNode>) {
  const kind = data.kind === "unknown" ? undefined : nodeKind(data.kind);
  const Icon = kind?.icon ?? HelpCircle;
  const handles = kind?.handles(data.state) ?? [];
  const bottom = handles.filter((h) => h.side === "bottom");
  const right = handles.filter((h) => h.side === "right");
  const handleKey = handles.map((h) => h.id).join(",");
  const updateInternals = useUpdateNodeInternals();
  useEffect(() => updateInternals(id), [id, handleKey, updateInternals]);
  const title = readable(str(data.state.title) ?? kind?.label ?? id);
  const { errors, warnings, first } = data.problems;
  const expanded = data.group === "expanded";

  return (
    <div
      data-testid={`node-${id}`}
      data-group={data.group}
      aria-label={`${kind?.label ?? "Step"}: ${title}`}
      className={clsx(
        "group relative rounded-lg border text-left shadow-sm transition-shadow",
        expanded ? "h-full w-full bg-white/70" : "w-[260px] bg-white",
        selected ? "border-brand-500 ring-2 ring-brand-500/30" : errors > 0 ? "border-red-300" : "border-slate-200",
        data.status?.tone === "running" && "ring-2 ring-brand-400 animate-pulse",
        data.status?.tone === "added" && "ring-2 ring-emerald-400",
        data.status?.tone === "changed" && "ring-2 ring-amber-400",
        data.status?.tone === "removed" && "opacity-60 ring-2 ring-red-300",
      )}
    >
      {data.isStart && !data.inner ? (
        <span className="absolute -top-5 left-2 inline-flex items-center gap-1 text-[11px] font-semibold uppercase tracking-wide text-emerald-700">
          <Play className="h-3 w-3" aria-hidden /> Start
        </span>
      ) : null}
      <Handle type="target" position={Position.Top} className="!h-2.5 !w-2.5 !border-2 !border-white !bg-slate-400" />
      <div className="flex items-start gap-2.5 px-3 pt-2.5 pb-2">
        <span className={clsx("mt-0.5 rounded-md p-1.5", kind?.accent ?? "bg-slate-100 text-slate-500")}>
          <Icon className="h-4 w-4" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center justify-between gap-2">
            <div className="text-[10px] font-semibold uppercase tracking-wide text-slate-400">
              {kind?.label ?? "Unknown step"}
            </div>
            {/* Collapsed: the toggle sits beside the kind, so the step's title keeps the node's width. */}
            {data.group && !expanded ? <GroupToggle id={id} expanded={false} /> : null}
          </div>
          <div
            className={clsx("text-sm font-medium text-slate-900", data.group ? "line-clamp-2 break-words" : "truncate")}
            title={title}
          >
            {title}
          </div>
          {(kind?.summary(data.state) ?? [`Type "${String(data.state.type)}" is not known`]).map((line) => (
            <div key={line} className="truncate text-xs text-slate-500" title={line}>
              {line}
            </div>
          ))}
          {data.pinned ? <div className="text-xs font-medium text-violet-700">Output pinned</div> : null}
        </div>
        <ProblemBadge errors={errors} warnings={warnings} first={first} />
        {expanded && data.status ? <StatusPill status={data.status} className="shrink-0 rounded-md border-0" /> : null}
        {data.group && expanded ? <GroupToggle id={id} expanded /> : null}
      </div>
      {data.status && !expanded ? <StatusPill status={data.status} /> : null}
      {bottom.length > 1 || bottom.some((h) => h.label) ? (
        <div
          className={clsx(
            "flex border-t border-slate-100 text-[11px] text-slate-500",
            expanded && "absolute inset-x-0 bottom-0 rounded-b-lg bg-white",
          )}
        >
          {bottom.map((h) => (
            <div key={h.id} className="relative min-w-0 flex-1 px-1 py-1 text-center" title={h.label}>
              <span className="block truncate">{h.label}</span>
              <Handle
                id={h.id}
                type="source"
                position={Position.Bottom}
                className={clsx("!h-2.5 !w-2.5 !border-2 !border-white", TONE_CLASSES[h.tone])}
              />
            </div>
          ))}
        </div>
      ) : (
        bottom.map((h) => (
          <Handle
            key={h.id}
            id={h.id}
            type="source"
            position={Position.Bottom}
            className={clsx("!h-2.5 !w-2.5 !border-2 !border-white", TONE_CLASSES[h.tone])}
          />
        ))
      )}
      {right.map((h, i) => (
        <Handle
          key={h.id}
          id={h.id}
          type="source"
          position={Position.Right}
          style={{ top: `${40 + i * 24}%` }}
          title={h.label}
          className={clsx("!h-2.5 !w-2.5 !border-2 !border-white", TONE_CLASSES[h.tone])}
        />
      ))}
    </div>
  );
}

function ProblemBadge({ errors, warnings, first }: { errors: number; warnings: number; first?: string | undefined }) {
  if (errors === 0 && warnings === 0) return null;
  const isError = errors > 0;
  const Icon = isError ? CircleAlert : AlertTriangle;
  const n = isError ? errors : warnings;
  return (
    <span
      title={first}
      aria-label={`${n} ${isError ? "error" : "warning"}${n === 1 ? "" : "s"}`}
      className={clsx(
        "inline-flex shrink-0 items-center gap-0.5 rounded-full px-1.5 py-0.5 text-[11px] font-semibold",
        isError ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-700",
      )}
    >
      <Icon className="h-3 w-3" aria-hidden />
      {n}
    </span>
  );
}

export const StateNode = memo(StateNodeView);
