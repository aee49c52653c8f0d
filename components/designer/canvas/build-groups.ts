/** A parallel step's branches and a map step's item body drawn as groups (React Flow sub-flows) around their steps. */
import { MarkerType } from "@xyflow/react";
import { edgesOf } from "@/lib/workflow/graph";
import { STATE_TYPES, type StateType } from "@/lib/workflow/schema";
import { GROUP_GEOMETRY, groupLayout, NODE_WIDTH, type CanvasNode, type Point } from "@/lib/workflow/canvas";
import type { FlowEdge, FlowNode, StateNodeData } from "./types";

/** The id of a lane (branch or item body) node, or of an inner step's node within it. */
export function innerNodeId(owner: string, key: string, inner?: string): string {
  return inner === undefined ? `${owner}::${key}` : `${owner}::${key}::${inner}`;
}

/** The top-level step an inner node (or lane) belongs to; the id itself for a top-level step. */
export function ownerOf(nodeId: string): string {
  const cut = nodeId.indexOf("::");
  return cut < 0 ? nodeId : nodeId.slice(0, cut);
}

/**
 * The group drawing of one step: its own node sized to hold its lanes, a lane per branch (or the item body), and
 * the inner steps and transitions. Inner steps are laid out in rows, or where they were dragged within their lane
 * (saved in the step's layout entry); they are edited in the step's inspector or by dropping a new step into a lane.
 */
export function groupNodes(
  n: CanvasNode,
  data: StateNodeData,
  options: {
    selection: ReadonlySet<string>;
    /** Inner steps' saved places in their lane, by "<branch>::<step>" (dragged there in the designer). */
    inner: Readonly<Record<string, Point>>;
    draggable: boolean;
    /** A run's status of an inner step, by its node id (run view). */
    statusOf?: ((nodeId: string) => StateNodeData["status"]) | undefined;
  },
): { nodes: FlowNode[]; edges: FlowEdge[] } | null {
  const { selection } = options;
  const layout = groupLayout(n.state);
  if (!layout) return null;
  const nodes: FlowNode[] = [
    {
      id: n.id,
      type: "group-state",
      position: n.position,
      width: layout.width,
      height: layout.height,
      selected: selection.has(n.id),
      data,
    },
  ];
  const edges: FlowEdge[] = [];
  for (const lane of layout.lanes) {
    const m = lane.machine;
    const laneId = innerNodeId(n.id, m.key);
    nodes.push({
      id: laneId,
      type: "lane",
      parentId: n.id,
      extent: "parent",
      position: { x: lane.x, y: lane.y },
      width: lane.width,
      height: lane.height,
      draggable: false,
      selectable: false,
      deletable: false,
      data: { owner: n.id, key: m.key, label: m.label, count: Object.keys(m.states).length },
    });
    for (const [id, state] of Object.entries(m.states)) {
      nodes.push({
        id: innerNodeId(n.id, m.key, id),
        type: "state",
        parentId: laneId,
        extent: "parent",
        position: placeInLane(options.inner[`${m.key}::${id}`] ?? lane.positions[id], lane),
        initialWidth: NODE_WIDTH,
        initialHeight: GROUP_GEOMETRY.inner.height,
        draggable: options.draggable,
        selectable: false,
        selected: selection.has(innerNodeId(n.id, m.key, id)),
        deletable: false,
        connectable: false,
        data: {
          kind: kindOf(state),
          state,
          isStart: m.startAt === id,
          problems: { errors: 0, warnings: 0 },
          inner: true,
          status: options.statusOf?.(innerNodeId(n.id, m.key, id)),
        },
      });
      for (const e of edgesOf(id, state)) {
        if (!(e.to in m.states)) continue;
        const color = e.kind === "catch" ? "#dc2626" : "#64748b";
        edges.push({
          id: `${innerNodeId(n.id, m.key, id)}:${e.field.join(".")}`,
          source: innerNodeId(n.id, m.key, id),
          target: innerNodeId(n.id, m.key, e.to),
          type: "smoothstep",
          deletable: false,
          selectable: false,
          focusable: false,
          zIndex: 1,
          style: { stroke: color, strokeWidth: 1.5, strokeDasharray: e.kind === "catch" ? "6 4" : undefined },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
          data: { kind: e.kind === "catch" ? "catch" : "next" },
        });
      }
    }
  }
  return { nodes, edges };
}

/** A place inside the lane (a saved place may be outside it after the lane shrank): clamped to the lane's box. */
function placeInLane(p: Point | undefined, lane: { width: number; height: number }): Point {
  const g = GROUP_GEOMETRY;
  if (!p) return { x: 0, y: 0 };
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, Math.max(0, max)));
  return { x: clamp(p.x, lane.width - g.inner.width), y: clamp(p.y, lane.height - g.inner.height) };
}

function kindOf(state: Record<string, unknown>): StateNodeData["kind"] {
  const t = state.type;
  return typeof t === "string" && (STATE_TYPES as readonly string[]).includes(t) ? (t as StateType) : "unknown";
}
