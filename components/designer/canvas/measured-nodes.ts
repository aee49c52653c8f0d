import { useCallback, useState } from "react";
import { applyNodeChanges, type NodeChange } from "@xyflow/react";
import type { FlowNode } from "./types";

/** The next drawing of the nodes, keeping what only React Flow knows (sizes, a drag in progress). */
export function mergeNodes(next: FlowNode[], prev: FlowNode[]): FlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const p = old.get(n.id);
    if (!p) return n;
    return { ...n, measured: p.measured, ...(p.dragging ? { position: p.position, dragging: true } : {}) };
  });
}

/**
 * Read-only nodes that keep their measured sizes: React Flow (12.5+) fits the view only once the nodes it is given
 * carry their sizes, so a controlled canvas that drops the size changes is never fitted.
 */
export function useMeasuredNodes(drawn: FlowNode[]) {
  const [nodes, setNodes] = useState(drawn);
  const [last, setLast] = useState(drawn);
  if (last !== drawn) {
    setLast(drawn);
    setNodes((prev) => mergeNodes(drawn, prev));
  }
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) =>
      setNodes((prev) =>
        applyNodeChanges(
          changes.filter((c) => c.type === "dimensions"),
          prev,
        ),
      ),
    [],
  );
  return { nodes, onNodesChange };
}
