import { buildFlow } from "./build-flow";
import type { FlowEdge, FlowNode, NodeStatus } from "./types";

const NONE: ReadonlySet<string> = new Set<string>();

/** A run drawn over its workflow version: each step's status, the transitions it took, the one it is on (live). */
export function drawRun(
  definition: Record<string, unknown>,
  run: {
    statusOf?: ((stateId: string) => NodeStatus | undefined) | undefined;
    path: readonly string[];
    live: boolean;
    focus?: string | null | undefined;
  },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const { path } = run;
  const taken = new Set<string>();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}->${path[i]}`);
  const last = path.length > 1 && run.live ? `${path.at(-2)}->${path.at(-1)}` : undefined;
  return buildFlow(definition, {
    problems: [],
    selection: run.focus ? new Set([run.focus]) : NONE,
    selectedEdge: null,
    statusOf: run.statusOf,
    taken,
    active: last,
    // Groups drawn expanded whatever the designer saved: each branch's steps carry the run's status.
    collapsed: NONE,
  });
}
