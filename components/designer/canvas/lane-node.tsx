"use client";

import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import type { LaneFlowNode } from "./types";

/** One branch of a parallel step, or a map step's item body: a labelled area holding its steps; a drop target. */
function LaneNodeView({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div
      data-testid={`lane-${data.owner}-${data.key}`}
      data-lane-owner={data.owner}
      data-lane-key={data.key}
      className="h-full w-full rounded-md border border-dashed border-slate-300 bg-slate-50/80"
    >
      <div className="flex items-center justify-between px-3 pt-1.5 text-[11px] font-semibold uppercase tracking-wide text-slate-500">
        <span className="truncate">{data.label}</span>
        <span className="font-normal normal-case text-slate-400">
          {data.count} step{data.count === 1 ? "" : "s"}
        </span>
      </div>
    </div>
  );
}

export const LaneNode = memo(LaneNodeView);
