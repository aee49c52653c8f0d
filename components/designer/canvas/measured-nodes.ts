import { useCallback, useState } from "react";
import { applyNodeChanges, type NodeChange } from "@xyflow/react";
import { keepUnchanged } from "./keep-unchanged";
import type { FlowNode } from "./types";

/** What React Flow keeps on a node (its measured size, a drag in progress): not part of the drawing. */
const REACT_FLOW_OWNED: ReadonlySet<string> = new Set(["measured", "dragging", "width", "height", "resizing"]);

/**
 * The next drawing of the nodes, keeping what only React Flow knows (sizes, a drag in progress). A node drawn as before
 * stays the same object (and the list itself when none changed), so React Flow does not render it again.
 */
export function mergeNodes(next: FlowNode[], prev: FlowNode[]): FlowNode[] {
  const kept = keepUnchanged(next, prev, REACT_FLOW_OWNED);
  if (kept === prev) return prev;
  const old = new Map(prev.map((n) => [n.id, n]));
  return kept.map((n) => {
    const p = old.get(n.id);
    if (!p || p === n) return n;
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
