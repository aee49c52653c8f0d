import type { Edge, Node } from "@xyflow/react";
import type { StateType } from "@/lib/workflow/schema";

export interface NodeProblems {
  errors: number;
  warnings: number;
  /** The first message, shown as the badge's tooltip. */
  first?: string | undefined;
}

/** A status drawn over a node in the run view (the designer leaves it unset). */
export interface NodeStatus {
  tone:
    | "idle"
    | "running"
    | "retrying"
    | "waiting"
    | "succeeded"
    | "failed"
    | "compensated"
    | "skipped"
    // Comparing two versions.
    | "added"
    | "changed"
    | "removed";
  label: string;
}

export interface StateNodeData extends Record<string, unknown> {
  kind: StateType | "unknown";
  state: Record<string, unknown>;
  isStart: boolean;
  problems: NodeProblems;
  status?: NodeStatus | undefined;
  /** A step inside a branch or an item body (drawn inside its group, not selectable itself). */
  inner?: boolean | undefined;
  /** A parallel or map step: whether its branches are drawn (expanded) or only its summary (collapsed). */
  group?: "expanded" | "collapsed" | undefined;
  /** The step's output is pinned (test runs use it instead of calling the tool). */
  pinned?: boolean | undefined;
}

export type StateFlowNode = Node<StateNodeData, "state">;

/** A parallel or map step drawn as a group around its branches or item body. */
export type GroupStateFlowNode = Node<StateNodeData, "group-state">;

export interface LaneNodeData extends Record<string, unknown> {
  owner: string;
  /** The branch name, or "each" for a map's item body. */
  key: string;
  label: string;
  count: number;
}

export type LaneFlowNode = Node<LaneNodeData, "lane">;

export interface UndoNodeData extends Record<string, unknown> {
  owner: string;
  server: string;
  tool: string;
}

export type UndoFlowNode = Node<UndoNodeData, "undo">;

export type FlowNode = StateFlowNode | UndoFlowNode | GroupStateFlowNode | LaneFlowNode;

export interface TransitionEdgeData extends Record<string, unknown> {
  kind: "next" | "choice" | "default" | "catch" | "option" | "timeout" | "undo";
  label?: string | undefined;
  problem?: string | undefined;
}

export type FlowEdge = Edge<TransitionEdgeData>;
