import { describe, expect, it } from "vitest";
import { drawRun } from "@/components/designer/canvas/draw-run";
import { mergeNodes } from "@/components/designer/canvas/measured-nodes";
import { keepUnchanged } from "@/components/designer/canvas/keep-unchanged";
import type { FlowNode, NodeStatus } from "@/components/designer/canvas/types";
import { applyRunDelta, type RunDelta, type RunView } from "./apply-run-delta";
import { runOverlay } from "./run-overlay";

// A live run page redraws its canvas on every transition; React Flow renders again only the nodes and edges whose
// objects changed, so a delta must keep every step it did not touch as the very same object (the cost of a delta then
// does not grow with the run).
const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 15, 0, s));
const human = (next: string) => ({ type: "human", title: next, options: [{ id: "ok", label: "OK", next }] });
const definition = {
  schemaVersion: 1,
  startAt: "s1",
  states: { s1: human("s2"), s2: human("s3"), s3: human("s4"), s4: human("done"), done: { type: "succeed" } },
};

function view(): RunView {
  return {
    status: "waiting",
    currentState: "s2",
    path: ["s1", "s2"],
    pending: { type: "human", stateId: "s2", escalationId: "e2", reason: "human_step" },
    error: null,
    definition,
    transitions: [
      { seq: 1, event: { type: "start" }, status: "waiting", stateId: "s1", at: at(1) },
      { seq: 2, event: { type: "human_resolved" }, status: "waiting", stateId: "s2", at: at(2) },
    ],
    attempts: [],
    agents: [],
    escalations: [],
    escalationEvents: [],
    skipped: [],
    failedStep: null,
  } as unknown as RunView;
}

const approved = {
  runId: "r",
  after: 2,
  seq: 3,
  full: false,
  head: {
    status: "waiting",
    currentState: "s3",
    pathStart: 2,
    pathTail: ["s3"],
    pending: { type: "human", stateId: "s3", escalationId: "e3", reason: "human_step" },
    error: null,
    output: null,
    failure: null,
    finishedAt: null,
    titles: {},
  },
  transitions: [{ seq: 3, event: { type: "human_resolved" }, status: "waiting", stateId: "s3", at: at(3) }],
  attempts: [],
  escalations: [],
  escalationEvents: [],
} as unknown as RunDelta;

const draw = (run: RunView) =>
  drawRun(run.definition, { statusOf: runOverlay(run).statusOf, path: run.path, live: true, focus: run.currentState });

/** As React Flow hands them back once it has measured them. */
const measured = (nodes: FlowNode[]) => nodes.map((n) => ({ ...n, measured: { width: 224, height: 72 } }));

describe("a live run's canvas after a delta", () => {
  it("keeps each step whose status did not change as the same node object, and redraws the ones that did", () => {
    const before = view();
    const shown = measured(draw(before).nodes);
    const after = applyRunDelta(before, approved);
    if (typeof after === "string") throw new Error(after);
    const next = mergeNodes(draw(after).nodes, shown);
    const node = (nodes: FlowNode[], id: string) => nodes.find((n) => n.id === id);
    // Untouched: s1 (done before and after), s4 and the end (not reached yet).
    for (const id of ["s1", "s4", "done"]) expect(node(next, id)).toBe(node(shown, id));
    // s2 was waiting and is done; s3 is now the one waiting (and the focus).
    expect(node(next, "s2")).not.toBe(node(shown, "s2"));
    const status = (id: string) => (node(next, id)?.data as { status?: NodeStatus } | undefined)?.status?.label;
    expect(status("s2")).toBe("Done");
    expect(status("s3")).toBe("Waiting for a person");
    expect(node(next, "s3")?.selected).toBe(true);
    // What React Flow measured stays on the redrawn nodes.
    expect(node(next, "s3")?.measured).toEqual({ width: 224, height: 72 });
  });

  it("keeps the edges it did not touch, and the whole list when nothing changed", () => {
    const before = view();
    const after = applyRunDelta(before, approved);
    if (typeof after === "string") throw new Error(after);
    const shown = draw(before).edges;
    const next = keepUnchanged(draw(after).edges, shown);
    const edge = (edges: typeof shown, source: string) => edges.find((e) => e.source === source);
    expect(edge(next, "s3")).toBe(edge(shown, "s3"));
    expect(edge(next, "s2")).not.toBe(edge(shown, "s2")); // s2 -> s3 is now taken
    const nodes = measured(draw(after).nodes);
    expect(mergeNodes(draw(after).nodes, nodes)).toBe(nodes);
    expect(keepUnchanged(draw(after).edges, next)).toBe(next);
  });
});
