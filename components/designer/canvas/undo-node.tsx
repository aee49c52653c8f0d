"use client";

import { memo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { Undo2 } from "lucide-react";
import type { UndoFlowNode } from "./types";

/** The undo step (compensation) of a tool state, drawn beside it. Not a state of its own. */
function UndoNodeView({ data }: NodeProps<UndoFlowNode>) {
  return (
    <div className="flex w-[200px] items-center gap-2 rounded-md border border-dashed border-fuchsia-300 bg-fuchsia-50/60 px-2.5 py-1.5 text-xs text-fuchsia-800">
      <Handle type="target" position={Position.Right} className="!h-2 !w-2 !border-0 !bg-fuchsia-400" isConnectable={false} />
      <Undo2 className="h-3.5 w-3.5 shrink-0" aria-hidden />
      <span className="min-w-0 truncate" title={`Undo step: ${data.server} · ${data.tool}`}>
        Undo: {data.server || "?"} · {data.tool || "choose a tool"}
      </span>
    </div>
  );
}

export const UndoNode = memo(UndoNodeView);
