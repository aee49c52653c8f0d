"use client";

import { useCallback, useMemo, useState, type DragEvent } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type NodeChange,
  type OnDelete,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { Problem } from "@/lib/workflow/problems";
import {
  connect,
  disconnect,
  isCollapsed,
  moveInner,
  moveStates,
  parseInnerId,
  removeStates,
  setCollapsed,
} from "@/lib/workflow/canvas";
import { useEditor, useEditorStore } from "../editor-context";
import { buildFlow } from "./build-flow";
import { NODE_TYPES } from "./node-types";
import { mergeNodes } from "./measured-nodes";
import { Legend } from "./legend";
import { useSolidRoutes } from "./solid-routes";
import { PALETTE_MIME, readPaletteItem, type DropHandler } from "./drop";
import type { FlowEdge, FlowNode } from "./types";
import { ownerOf } from "./build-groups";
import { GroupToggleContext } from "./group-toggle";

function isTopLevelStep(n: FlowNode): boolean {
  return (n.type === "state" || n.type === "group-state") && !n.id.includes("::");
}

/** The branch (or item body) under a point of the screen, for a step dropped into it. */
function laneAt(x: number, y: number): { owner: string; key: string } | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    const lane = el.closest<HTMLElement>("[data-lane-owner]");
    if (lane?.dataset.laneOwner && lane.dataset.laneKey) return { owner: lane.dataset.laneOwner, key: lane.dataset.laneKey };
  }
  return undefined;
}

/** The minimap redraws every step on every frame of a drag: beyond this many it costs more than it helps. */
const MINIMAP_LIMIT = 150;
/** Above this many steps only the visible ones are drawn. */
const CULL_ABOVE = 150;
const FIT = { padding: 0.15, maxZoom: 1, minZoom: 0.2 };

/** The draft drawn and edited; React Flow's measurements and in-flight drags are kept across redraws. */
export function DesignerCanvas({ problems, onDropItem }: { problems: readonly Problem[]; onDropItem: DropHandler }) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const selectedEdge = useEditor((s) => s.selectedEdge);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const initialised = useNodesInitialized();
  const [fitted, setFitted] = useState(false);

  // Collapsing a group is an edit of the draft's layout (saved, undone and redone like a move).
  const toggleGroup = useCallback(
    (id: string) => store.getState().apply((d) => setCollapsed(d, id, !isCollapsed(d, id))),
    [store],
  );
  const flow = useMemo(
    () => buildFlow(doc, { problems, selection: new Set(selection), selectedEdge, innerDraggable: true }),
    [doc, problems, selection, selectedEdge],
  );
  const [nodes, setNodes] = useState<FlowNode[]>(flow.nodes);
  const [drawn, setDrawn] = useState(flow.nodes);
  if (drawn !== flow.nodes) {
    // The draft changed: redraw, keeping what only React Flow knows (sizes, a drag in progress).
    setDrawn(flow.nodes);
    setNodes((prev) => mergeNodes(flow.nodes, prev));
  }
  const culling = flow.nodes.length > CULL_ABOVE;
  const solidRoutes = useSolidRoutes(flow.edges);
  // Show the whole workflow once the steps have sizes: measured ones, or (when only visible steps are drawn,
  // so the others are never measured) their initial sizes.
  if ((initialised || (culling && nodes.length > 0)) && !fitted) {
    setFitted(true);
    requestAnimationFrame(() => void fitView(FIT));
  }

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((prev) =>
        applyNodeChanges(
          changes.filter((c) => c.type !== "remove"),
          prev,
        ),
      );
      const selects = changes.filter((c) => c.type === "select");
      if (selects.length > 0) {
        const current = new Set(store.getState().selection);
        for (const c of selects) {
          if (c.selected) current.add(c.id);
          else current.delete(c.id);
        }
        store.getState().select([...current].filter((id) => !id.includes("::") || parseInnerId(id) !== null));
      }
    },
    [store],
  );

  // Steps inside a group are not selectable by React Flow (they move with their group): a click selects them here.
  const onNodeClick = useCallback(
    (_: unknown, node: FlowNode) => {
      if (node.type === "undo" || !node.id.includes("::")) return;
      // A step inside a branch opens its own settings; a click on a lane, its group step's.
      store.getState().select([parseInnerId(node.id) ? node.id : ownerOf(node.id)]);
    },
    [store],
  );

  const onEdgeClick = useCallback((_: unknown, edge: FlowEdge) => store.getState().selectEdge(edge.id), [store]);

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle) return;
      const handle = c.sourceHandle;
      store.getState().apply((d) => connect(d, c.source, handle, c.target));
    },
    [store],
  );

  const onDelete: OnDelete<FlowNode, FlowEdge> = useCallback(
    ({ nodes: gone, edges }) => {
      const ids = gone.filter((n) => isTopLevelStep(n)).map((n) => n.id);
      const removed = new Set(ids);
      store.getState().apply((d) => {
        let next = ids.length > 0 ? removeStates(d, ids) : d;
        for (const e of edges) if (!removed.has(e.source) && e.data?.kind !== "undo") next = disconnect(next, e.id);
        return next;
      });
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, _node: FlowNode, dragged: FlowNode[]) => {
      const positions = Object.fromEntries(dragged.filter((n) => isTopLevelStep(n)).map((n) => [n.id, n.position]));
      // An inner step dragged within its lane: its place (relative to the lane) is saved in its group's entry.
      const inner = new Map<string, Record<string, { x: number; y: number }>>();
      for (const n of dragged) {
        const parts = parseInnerId(n.id);
        if (!parts) continue;
        const owned = inner.get(parts.owner) ?? {};
        owned[`${parts.key}::${parts.inner}`] = n.position;
        inner.set(parts.owner, owned);
      }
      store.getState().apply((d) => {
        let next = Object.keys(positions).length > 0 ? moveStates(d, positions) : d;
        for (const [owner, places] of inner) next = moveInner(next, owner, places);
        return next;
      });
    },
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const item = readPaletteItem(e.dataTransfer.getData(PALETTE_MIME));
      if (!item) return;
      e.preventDefault();
      onDropItem(item, screenToFlowPosition({ x: e.clientX, y: e.clientY }), laneAt(e.clientX, e.clientY));
    },
    [onDropItem, screenToFlowPosition],
  );

  return (
    <GroupToggleContext.Provider value={toggleGroup}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onEdgeClick={onEdgeClick}
        onNodeClick={onNodeClick}
        onPaneClick={() => store.getState().select([])}
        onNodeDragStop={onNodeDragStop}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        connectionRadius={28}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={culling}
        proOptions={{ hideAttribution: true }}
        className={`bg-slate-50 ${solidRoutes}`}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="#cbd5e1" />
        {nodes.length <= MINIMAP_LIMIT ? (
          <MiniMap
            pannable
            zoomable
            className="!bottom-2 !right-2"
            nodeColor={(n) => (n.type === "undo" ? "#f5d0fe" : "#cbd5e1")}
          />
        ) : null}
        <Controls position="bottom-left" showInteractive={false} />
        <Legend />
      </ReactFlow>
    </GroupToggleContext.Provider>
  );
}
