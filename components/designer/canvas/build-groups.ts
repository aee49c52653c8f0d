/** A parallel step's branches and a map step's item body drawn as groups (React Flow sub-flows) around their steps. */
import { MarkerType } from "@xyflow/react";
import { edgesOf } from "@/lib/workflow/graph";
import { STATE_TYPES, type StateType } from "@/lib/workflow/schema";
import { innerMachines, layoutMachine, NODE_WIDTH, type CanvasNode } from "@/lib/workflow/canvas";
import type { FlowEdge, FlowNode, StateNodeData } from "./types";

/** Room for an inner step (its drawn height varies with its summary). */
const INNER = { width: NODE_WIDTH, height: 96, gapX: 24, gapY: 40 };
const LANE_PAD = 14;
const LANE_HEADER = 30;
const GROUP_PAD = 16;
export const GROUP_HEADER = 84;
const GROUP_FOOTER = 34;
const LANE_GAP = 16;

/** The id of an inner step's node: owner, branch (or "each") and the step's id within it. */
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
 * the inner steps and transitions. Inner steps are laid out automatically; they are edited in the step's inspector
 * or by dropping a new step into a lane.
 */
export function groupNodes(
  n: CanvasNode,
  data: StateNodeData,
  selected: boolean,
): { nodes: FlowNode[]; edges: FlowEdge[] } | null {
  const machines = innerMachines(n.state);
  if (machines.length === 0) return null;
  const laid = machines.map((m) => ({ m, ...layoutMachine(m, INNER) }));
  const laneHeight = Math.max(...laid.map((l) => l.height)) + LANE_HEADER + LANE_PAD;
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  let x = GROUP_PAD;
  const children: FlowNode[] = [];
  for (const { m, positions, width } of laid) {
    const laneId = innerNodeId(n.id, m.key);
    const laneWidth = width + LANE_PAD * 2;
    children.push({
      id: laneId,
      type: "lane",
      parentId: n.id,
      extent: "parent",
      position: { x, y: GROUP_HEADER },
      width: laneWidth,
      height: laneHeight,
      draggable: false,
      selectable: false,
      deletable: false,
      data: { owner: n.id, key: m.key, label: m.label, count: Object.keys(m.states).length },
    });
    for (const [id, state] of Object.entries(m.states)) {
      const p = positions[id] ?? { x: 0, y: 0 };
      children.push({
        id: innerNodeId(n.id, m.key, id),
        type: "state",
        parentId: laneId,
        extent: "parent",
        position: { x: LANE_PAD + p.x, y: LANE_HEADER + p.y },
        initialWidth: NODE_WIDTH,
        initialHeight: INNER.height,
        draggable: false,
        selectable: false,
        deletable: false,
        connectable: false,
        data: {
          kind: kindOf(state),
          state,
          isStart: m.startAt === id,
          problems: { errors: 0, warnings: 0 },
          inner: true,
        },
      });
      for (const e of edgesOf(id, state)) {
        if (!(e.to in m.states)) continue;
        edges.push({
          id: `${innerNodeId(n.id, m.key, id)}:${e.field.join(".")}`,
          source: innerNodeId(n.id, m.key, id),
          target: innerNodeId(n.id, m.key, e.to),
          type: "smoothstep",
          deletable: false,
          selectable: false,
          focusable: false,
          zIndex: 1,
          style: { stroke: e.kind === "catch" ? "#dc2626" : "#64748b", strokeWidth: 1.5 },
          markerEnd: { type: MarkerType.ArrowClosed, color: "#64748b", width: 14, height: 14 },
          data: { kind: e.kind === "catch" ? "catch" : "next" },
        });
      }
    }
    x += laneWidth + LANE_GAP;
  }
  const width = Math.max(NODE_WIDTH, x - LANE_GAP + GROUP_PAD);
  const height = GROUP_HEADER + laneHeight + GROUP_PAD + GROUP_FOOTER;
  nodes.push({
    id: n.id,
    type: "group-state",
    position: n.position,
    width,
    height,
    selected,
    data,
  });
  nodes.push(...children);
  return { nodes, edges };
}

function kindOf(state: Record<string, unknown>): StateNodeData["kind"] {
  const t = state.type;
  return typeof t === "string" && (STATE_TYPES as readonly string[]).includes(t) ? (t as StateType) : "unknown";
}
