/**
 * The canvas view of a definition: one node per state, one edge per
 * transition. Node ids are state ids and edge ids are derived from where the
 * target is written, so both stay stable across edits and reloads.
 */
import type { EdgeKind } from "../graph";
import type { StateType } from "../schema";

export interface Point {
  x: number;
  y: number;
}

export interface CanvasNode {
  id: string;
  /** The state's type, or "unknown" for a state the editor cannot draw properly. */
  kind: StateType | "unknown";
  position: Point;
  /** The state as stored in the definition (may be incomplete while drafting). */
  state: Record<string, unknown>;
  isStart: boolean;
}

export interface CanvasEdge {
  /** `${source}:${field}`, e.g. "decide:choices.1.next". */
  id: string;
  source: string;
  /** Which outgoing handle of the source node the edge leaves from. */
  sourceHandle: string;
  target: string;
  kind: EdgeKind;
  label?: string | undefined;
  /** Where the target is written inside the source state. */
  field: (string | number)[];
}

export interface CanvasGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** Everything of a definition that is not a state or a position. */
export interface DefinitionMeta {
  schemaVersion: number;
  name: string;
  description?: string | undefined;
  input?: unknown;
  startAt: string;
  [key: string]: unknown;
}

export const ERROR_HANDLE = "error";

/** The handle a transition leaves from, given where its target is written. */
export function handleForField(field: readonly (string | number)[]): string {
  const [head, index] = field;
  switch (head) {
    case "choices":
      return `choice-${String(index)}`;
    case "options":
      return `option-${String(index)}`;
    case "catch":
      return ERROR_HANDLE;
    case "default":
      return "default";
    case "onTimeout":
      return "timeout";
    default:
      return "next";
  }
}

export function edgeId(source: string, field: readonly (string | number)[]): string {
  return `${source}:${field.join(".")}`;
}
