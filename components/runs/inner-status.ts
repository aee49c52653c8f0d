/**
 * The run canvas's status of a step inside a branch or item body (node id `<step>::<branch or "each">::<inner step>`),
 * from the run's finished parallel and map steps: a branch's steps from its last run; an item body's steps from the
 * items still at them (each item's own page shows its steps). A step a re-run took over from the run it re-ran: its
 * branches' and items' steps as reused, like the re-run's own reused steps.
 */
import type { NodeStatus } from "@/components/designer/canvas/types";
import { childOutcome, type FanoutBranch, type FanoutSummary } from "@/lib/runs/fanout-summary";

const REUSED: NodeStatus = { tone: "succeeded", label: "Reused from the earlier run" };

/** The parts of an inner step's node id (null: a top-level step, or a deeper one). */
export function innerStep(nodeId: string): { owner: string; machine: string; stateId: string } | null {
  const parts = nodeId.split("::");
  if (parts.length !== 3) return null;
  return { owner: parts[0]!, machine: parts[1]!, stateId: parts[2]! };
}

export function innerStatus(fanouts: readonly FanoutSummary[], nodeId: string): NodeStatus | undefined {
  const inner = innerStep(nodeId);
  if (!inner) return undefined;
  const fanout = fanouts.find((f) => f.stateId === inner.owner);
  if (!fanout) return { tone: "idle", label: "Not reached" };
  const branch = fanout.branches?.find((b) => b.name === inner.machine);
  if (fanout.reusedFrom) return fanout.kind === "map" ? REUSED : reusedStep(branch, inner.stateId);
  if (fanout.kind === "map") {
    const here = (fanout.at ?? []).filter((a) => a.stateId === inner.stateId).reduce((n, a) => n + a.count, 0);
    if (here > 0) return { tone: "running", label: `${here} item${here === 1 ? "" : "s"} here` };
    return { tone: "idle", label: "In each item: open an item for its steps" };
  }
  if (!branch?.status) return { tone: "idle", label: "Not reached" };
  const { stateId } = inner;
  const last = branch.path.at(-1);
  const ended = childOutcome(branch.status) === "failed";
  if (ended && stateId === last)
    return { tone: "failed", label: branch.failure ? `Failed: ${branch.failure}` : `Branch ${branch.status}` };
  if (!ended && branch.status !== "succeeded" && stateId === branch.current) return { tone: "running", label: "Running" };
  const reusedOnly = branch.reused.includes(stateId) && branch.path.indexOf(stateId) < branch.reused.length;
  if (reusedOnly) return REUSED;
  if (branch.path.includes(stateId)) return { tone: "succeeded", label: "Done" };
  return { tone: "idle", label: "Not reached" };
}

/** A step of a branch of a step the run took over: reused where the branch went, failed where it ended so. */
function reusedStep(branch: FanoutBranch | undefined, stateId: string): NodeStatus {
  if (!branch?.status || !branch.path.includes(stateId)) return { tone: "idle", label: "Not reached" };
  if (childOutcome(branch.status) === "failed" && stateId === branch.path.at(-1))
    return {
      tone: "failed",
      label: branch.failure ? `Failed in the earlier run: ${branch.failure}` : "Failed in the earlier run",
    };
  return REUSED;
}

/** The titles of the steps of a parallel step's branch or a map step's item body (by step id). */
export function machineTitles(definition: Record<string, unknown>, owner: string, machine: string): Record<string, string> {
  type Machine = { states?: Record<string, { title?: string }> };
  const step = (definition.states as Record<string, { branches?: Record<string, Machine>; itemBody?: Machine }> | undefined)?.[
    owner
  ];
  const m = step?.branches?.[machine] ?? (machine === "each" ? step?.itemBody : undefined);
  return Object.fromEntries(Object.entries(m?.states ?? {}).map(([id, st]) => [id, st.title ?? id]));
}
