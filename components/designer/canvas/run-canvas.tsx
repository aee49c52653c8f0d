"use client";

import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  type NodeMouseHandler,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { drawRun } from "./draw-run";
import { ownerOf } from "./build-groups";
import { fittingHeight, graphSize, READABLE_ZOOM, RUN_PADDING } from "./run-fit";
import { NODE_TYPES } from "./node-types";
import { useMeasuredNodes } from "./measured-nodes";
import { keepUnchanged } from "./keep-unchanged";
import type { FlowEdge, FlowNode, NodeStatus } from "./types";

const PRO_OPTIONS = { hideAttribution: true };
const RUN_FIT = { padding: RUN_PADDING, maxZoom: 1, minZoom: 0.2 };

/**
 * A workflow version drawn read-only, with a run's status on each step and
 * the path it took highlighted (run view, inbox). Same drawing as the designer.
 */
export function RunCanvas(props: {
  definition: Record<string, unknown>;
  statusOf?: (stateId: string) => NodeStatus | undefined;
  path: readonly string[];
  live: boolean;
  focus?: string | null | undefined;
  /** The step to show when the whole workflow cannot be shown readably (default: the focus, else the run's last step). */
  around?: string | undefined;
  onSelect?: (stateId: string) => void;
  /** A step inside a branch or item body was clicked (its node id `<step>::<branch or "each">::<inner step>`). */
  onSelectInner?: (nodeId: string) => void;
  /** A fixed height; without it the canvas is as tall as the whole workflow needs at a readable zoom (bounded). */
  height?: number;
}) {
  const { definition, statusOf, path, live, focus } = props;
  const flow = useMemo(() => drawRun(definition, { statusOf, path, live, focus }), [definition, statusOf, path, live, focus]);
  const { nodes, onNodesChange } = useMeasuredNodes(flow.nodes);
  const edges = useKeptEdges(flow.edges);
  // One handler for the canvas's life: a new one would render every node again (React Flow hands it to each).
  const select = useRef({ onSelect: props.onSelect, onSelectInner: props.onSelectInner });
  useLayoutEffect(() => {
    select.current = { onSelect: props.onSelect, onSelectInner: props.onSelectInner };
  });
  const onNodeClick = useCallback<NodeMouseHandler<FlowNode>>((_, n) => {
    const { onSelect, onSelectInner } = select.current;
    if (n.type === "state" && n.data.inner && onSelectInner) onSelectInner(n.id);
    else if (n.type === "state" || n.type === "group-state") onSelect?.(ownerOf(n.id));
  }, []);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const size = graphSize(nodes);
  const height = props.height ?? fittingHeight(size, width);
  // The view is fitted again whenever the drawing changes size (a step's status row appears, a group grows) or the run
  // ends: a fit made earlier, around the step running then, would otherwise stay, cutting off the rest.
  const fitKey = `${height}:${Math.round(size.width)}x${Math.round(size.height)}:${live}`;
  return (
    <div ref={box} style={{ height }} className="overflow-hidden rounded-lg border border-slate-200" data-testid="run-canvas">
      <ReactFlowProvider>
        <FitOnce key={fitKey} around={props.around ?? props.focus ?? path.at(-1) ?? null} />
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          onNodesChange={onNodesChange}
          edges={edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          onNodeClick={onNodeClick}
          minZoom={0.1}
          // The page scrolls over a canvas as tall as its workflow; zoom with the buttons (or a pinch).
          zoomOnScroll={false}
          preventScrolling={false}
          proOptions={PRO_OPTIONS}
          className="bg-slate-50"
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="#cbd5e1" />
          <Controls position="bottom-left" showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}

/** The edges, each one drawn as before kept as the same object (and the list too when none changed). */
function useKeptEdges(drawn: FlowEdge[]): FlowEdge[] {
  const [kept, setKept] = useState(drawn);
  const [last, setLast] = useState(drawn);
  if (last !== drawn) {
    setLast(drawn);
    setKept((prev) => keepUnchanged(drawn, prev));
  }
  return kept;
}

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * Shows the whole workflow once its steps have their sizes, or, when that would be unreadably small, its current step;
 * then, shown around a step, the view follows the run when it moves on to another step.
 */
function FitOnce({ around }: { around: string | null }) {
  const initialised = useNodesInitialized();
  const { fitView, getZoom } = useReactFlow();
  const [fitted, setFitted] = useState<{ around: string | null; follow: boolean } | null>(null);
  const readable = (id: string | null) => {
    const zoom = { minZoom: READABLE_ZOOM, maxZoom: READABLE_ZOOM, padding: 0.2 };
    return id ? { ...zoom, nodes: [{ id }] } : zoom;
  };
  if (initialised && fitted === null) {
    setFitted({ around, follow: false });
    requestAnimationFrame(() => {
      void fitView(RUN_FIT).then(() => {
        if (getZoom() >= READABLE_ZOOM) return;
        setFitted({ around, follow: true });
        return fitView(readable(around));
      });
    });
  } else if (fitted?.follow && fitted.around !== around) {
    setFitted({ around, follow: true });
    requestAnimationFrame(() => void fitView({ ...readable(around), duration: 300 }));
  }
  return null;
}
