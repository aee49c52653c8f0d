/** Turns the draft (and its problems) into React Flow nodes and edges. */
import { MarkerType } from "@xyflow/react";
import { pinOf } from "@/lib/workflow/pins";
import { groupViewOf, NODE_HEIGHT, NODE_WIDTH, toCanvas, type CanvasEdge } from "@/lib/workflow/canvas";
import type { Problem } from "@/lib/workflow/problems";
import { groupNodes } from "./build-groups";
import type { FlowEdge, FlowNode, NodeProblems, NodeStatus, StateFlowNode, TransitionEdgeData } from "./types";

const EDGE_COLORS: Record<CanvasEdge["kind"] | "undo", string> = {
  next: "#64748b",
  choice: "#7c3aed",
  default: "#64748b",
  option: "#b45309",
  catch: "#dc2626",
  timeout: "#d97706",
  undo: "#c026d3",
};

export function problemsByState(problems: readonly Problem[]): Map<string, NodeProblems> {
  const map = new Map<string, NodeProblems>();
  for (const p of problems) {
    if (!p.stateId) continue;
    const entry = map.get(p.stateId) ?? { errors: 0, warnings: 0 };
    if (p.severity === "error") entry.errors++;
    else entry.warnings++;
    entry.first ??= p.field ? `${p.field}: ${p.message}` : p.message;
    map.set(p.stateId, entry);
  }
  return map;
}

/** The edge a problem belongs to, e.g. a bad condition belongs to its branch. */
function edgeOfProblem(p: Problem): string | undefined {
  const [, id, list, index] = p.path;
  if (typeof id !== "string" || typeof index !== "number") return undefined;
  if (list === "choices" || list === "options" || list === "catch") return `${id}:${list}.${index}.next`;
  return undefined;
}

export interface BuildOptions {
  problems: readonly Problem[];
  selection: ReadonlySet<string>;
  selectedEdge: string | null;
  statusOf?: ((stateId: string) => NodeStatus | undefined) | undefined;
  /** Transitions a run took, as "from->to"; drawn heavier. */
  taken?: ReadonlySet<string> | undefined;
  /** The transition a run is on now ("from->to"), animated. */
  active?: string | undefined;
  /**
   * Parallel and map steps drawn compact (their summary) instead of as groups; "all" for every one. Without it, the
   * ones saved collapsed in the draft's layout.
   */
  collapsed?: ReadonlySet<string> | "all" | undefined;
  /** Inner steps can be dragged within their lane (the designer); their saved places are used either way. */
  innerDraggable?: boolean | undefined;
}

export function buildFlow(doc: unknown, options: BuildOptions): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const graph = toCanvas(doc);
  const byState = problemsByState(options.problems);
  const edgeProblems = new Map<string, string>();
  for (const p of options.problems) {
    const e = edgeOfProblem(p);
    if (e && !edgeProblems.has(e)) edgeProblems.set(e, p.message);
  }
  const layout = (doc as { layout?: Record<string, unknown> } | null)?.layout ?? {};
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  for (const n of graph.nodes) {
    const isGroup = n.kind === "parallel" || n.kind === "map";
    const view = groupViewOf(layout[n.id]);
    const compact = options.collapsed === undefined ? view.collapsed : options.collapsed === "all" || options.collapsed.has(n.id);
    const data = {
      kind: n.kind,
      state: n.state,
      isStart: n.isStart,
      problems: byState.get(n.id) ?? { errors: 0, warnings: 0 },
      status: options.statusOf?.(n.id),
      group: isGroup && options.collapsed !== "all" ? (compact ? "collapsed" : "expanded") : undefined,
      pinned: isPinned(doc, n.id),
    } as const;
    const group =
      isGroup && !compact
        ? groupNodes(n, data, {
            selection: options.selection,
            inner: view.inner,
            draggable: options.innerDraggable ?? false,
            statusOf: options.statusOf,
          })
        : null;
    if (group) {
      nodes.push(...group.nodes);
      edges.push(...group.edges);
      continue;
    }
    const node: StateFlowNode = {
      id: n.id,
      type: "state",
      position: n.position,
      // Sizes before measuring, so zoom-to-fit and culling know every step, drawn or not yet.
      initialWidth: NODE_WIDTH,
      initialHeight: NODE_HEIGHT,
      selected: options.selection.has(n.id),
      data,
    };
    nodes.push(node);
    const undo = n.state.compensate as { server?: string; tool?: string } | undefined;
    if (n.kind === "tool" && undo && typeof undo === "object") {
      const undoId = `${n.id}::undo`;
      nodes.push({
        id: undoId,
        type: "undo",
        position: { x: n.position.x - 240, y: n.position.y + 24 },
        draggable: false,
        selectable: false,
        data: { owner: n.id, server: undo.server ?? "", tool: undo.tool ?? "" },
      });
      edges.push(styled({ id: `${undoId}:link`, source: n.id, target: undoId, kind: "undo", sourceHandle: undefined }, options));
    }
  }
  for (const e of graph.edges) {
    edges.push(
      styled(
        { id: e.id, source: e.source, target: e.target, kind: e.kind, sourceHandle: e.sourceHandle, label: e.label },
        options,
        edgeProblems.get(e.id),
      ),
    );
  }
  return { nodes, edges };
}

function styled(
  e: {
    id: string;
    source: string;
    target: string;
    kind: TransitionEdgeData["kind"];
    sourceHandle: string | undefined;
    label?: string | undefined;
  },
  options: BuildOptions,
  problem?: string,
): FlowEdge {
  const color = problem ? "#dc2626" : EDGE_COLORS[e.kind];
  const dashed = e.kind === "catch" || e.kind === "timeout" || e.kind === "undo";
  const selected = options.selectedEdge === e.id;
  const pair = `${e.source}->${e.target}`;
  const taken = options.taken?.has(pair) ?? false;
  const showLabel = e.kind === "catch" || e.kind === "timeout" || problem !== undefined;
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle ?? null,
    type: e.kind === "undo" ? "straight" : "smoothstep",
    selected,
    animated: options.active === pair,
    deletable: e.kind !== "undo",
    selectable: e.kind !== "undo",
    label: showLabel ? (problem ? `⚠ ${problem}` : e.kind === "catch" ? "on error" : "SLA passed") : undefined,
    labelStyle: { fontSize: 11, fill: color },
    labelBgStyle: { fill: "#fff" },
    style: {
      stroke: taken ? "#1f57d1" : color,
      strokeWidth: selected || taken ? 2.5 : 1.5,
      strokeDasharray: dashed && !taken ? "6 4" : undefined,
      opacity: options.taken && !taken ? 0.45 : 1,
    },
    markerEnd: e.kind === "undo" ? undefined : { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
    data: { kind: e.kind, label: e.label, problem },
  };
}

/** A step whose output is pinned in the draft (lib/workflow/pins.ts): its card says so. */
function isPinned(doc: unknown, id: string): boolean {
  return typeof doc === "object" && doc !== null && pinOf(doc as Record<string, unknown>, id) !== undefined;
}
