import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate";
import { toCanvas, unplacedStates } from "./to-canvas";
import { fromCanvas } from "./from-canvas";
import { addState, connect, disconnect, removeStates, renameState, moveStates, type Draft } from "./edit";
import { copyStates, pasteStates } from "./clipboard";
import { autoLayout, computeLayout, NODE_HEIGHT, placeMissing } from "./layout";
import type { DefinitionMeta } from "./model";

const demo = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../../examples/workflows/support-escalation.json"), "utf8"),
) as Draft;

function metaOf(doc: Draft): DefinitionMeta {
  const { states: _s, layout: _l, ...meta } = doc;
  return meta as DefinitionMeta;
}

const small: Draft = {
  schemaVersion: 1,
  name: "Small",
  startAt: "a",
  states: {
    a: { type: "tool", server: "crm", tool: "find", next: "b", catch: [{ errors: ["timeout"], next: "c", rollback: true }] },
    b: {
      type: "choice",
      choices: [
        { when: "{% $x > 1 %}", next: "c", label: "big" },
        { when: "{% true %}", next: "a" },
      ],
      default: "c",
    },
    c: { type: "human", title: "Look", options: [{ id: "ok", label: "OK", next: "d" }], slaMinutes: 5, onTimeout: "d" },
    d: { type: "succeed" },
  },
  layout: { a: { x: 0, y: 0 }, b: { x: 0, y: 100 }, c: { x: 0, y: 200 }, d: { x: 0, y: 300 } },
};

describe("definition -> canvas", () => {
  it("draws one node per state with its saved position and marks the start", () => {
    const { nodes } = toCanvas(small);
    expect(nodes.map((n) => [n.id, n.kind, n.position.y, n.isStart])).toEqual([
      ["a", "tool", 0, true],
      ["b", "choice", 100, false],
      ["c", "human", 200, false],
      ["d", "succeed", 300, false],
    ]);
  });

  it("draws every transition from its own handle with an id derived from where it is written", () => {
    const { edges } = toCanvas(small);
    expect(edges.map((e) => `${e.id} ${e.sourceHandle} -> ${e.target} (${e.kind})`)).toEqual([
      "a:next next -> b (next)",
      "a:catch.0.next error -> c (catch)",
      "b:choices.0.next choice-0 -> c (choice)",
      "b:choices.1.next choice-1 -> a (choice)",
      "b:default default -> c (default)",
      "c:options.0.next option-0 -> d (option)",
      "c:onTimeout timeout -> d (timeout)",
    ]);
  });

  it("keeps ids stable when unrelated states change", () => {
    const before = toCanvas(small).edges.map((e) => e.id);
    const edited = addState(small, { type: "fail", title: "Oops" }, { x: 5, y: 5 }).doc;
    expect(toCanvas(edited).edges.map((e) => e.id)).toEqual(before);
  });

  it("leaves out edges to missing states and draws unknown kinds as unknown", () => {
    const broken = { ...small, states: { ...(small.states as object), x: { type: "loop", next: "nowhere" } } };
    const graph = toCanvas(broken);
    expect(graph.nodes.find((n) => n.id === "x")?.kind).toBe("unknown");
    expect(graph.edges.some((e) => e.source === "x")).toBe(false);
  });
});

describe("canvas -> definition", () => {
  it("round-trips the demo workflow exactly", () => {
    expect(fromCanvas(toCanvas(demo), metaOf(demo))).toEqual(demo);
  });

  it("round-trips a small workflow with every kind of transition", () => {
    expect(fromCanvas(toCanvas(small), metaOf(small))).toEqual(small);
  });

  it("writes moved positions into the layout and a deleted edge out of the state", () => {
    const graph = toCanvas(small);
    graph.nodes[0]!.position = { x: 40, y: 7 };
    graph.edges = graph.edges.filter((e) => e.id !== "b:choices.0.next" && e.id !== "a:catch.0.next");
    const doc = fromCanvas(graph, metaOf(small)) as { states: Record<string, Record<string, unknown>>; layout: unknown };
    expect(doc.layout).toMatchObject({ a: { x: 40, y: 7 } });
    expect(doc.states.a!.catch).toEqual([]);
    expect((doc.states.b!.choices as { next: string }[])[0]!.next).toBe("");
  });

  it("keeps a dangling target of a draft so the validator can report it", () => {
    const draft = { ...small, states: { ...(small.states as object), d: { type: "wait", seconds: 1, next: "gone" } } };
    const doc = fromCanvas(toCanvas(draft), metaOf(draft)) as { states: Record<string, { next?: string }> };
    expect(doc.states.d!.next).toBe("gone");
  });
});

describe("edits", () => {
  it("connects handles to targets and disconnects by edge id", () => {
    let doc = connect(small, "c", "timeout", "a");
    expect((doc.states as Record<string, { onTimeout?: string }>).c!.onTimeout).toBe("a");
    doc = connect(doc, "a", "error", "d");
    expect(
      toCanvas(doc)
        .edges.filter((e) => e.source === "a" && e.kind === "catch")
        .map((e) => e.target),
    ).toEqual(["c", "d"]);
    doc = disconnect(doc, "c:onTimeout");
    expect((doc.states as Record<string, object>).c).not.toHaveProperty("onTimeout");
  });

  it("adds a state with an id from its title, next to existing ones", () => {
    const { doc, id } = addState(
      small,
      { type: "tool", title: "Look up customer", server: "crm", tool: "find" },
      { x: 10.4, y: 20.6 },
    );
    expect(id).toBe("look_up_customer");
    expect((doc.layout as Record<string, unknown>)[id]).toEqual({ x: 10, y: 21 });
    expect(addState(doc, { type: "tool", title: "Look up customer" }, { x: 0, y: 0 }).id).toBe("look_up_customer_2");
  });

  it("removing a state removes the transitions into it and shares untouched states", () => {
    const doc = removeStates(small, ["c"]);
    const states = doc.states as Record<string, Record<string, unknown>>;
    expect(Object.keys(states)).toEqual(["a", "b", "d"]);
    expect(states.a!.catch).toEqual([]);
    expect(states.b!).not.toHaveProperty("default");
    expect(states.d).toBe((small.states as Record<string, unknown>).d);
    expect(validateDefinition(doc).problems.some((p) => p.stateId === "b")).toBe(true);
  });

  it("renames a state with every reference to it", () => {
    const doc = renameState(small, "c", "review");
    const edges = toCanvas(doc)
      .edges.filter((e) => e.target === "review")
      .map((e) => e.id);
    expect(edges).toEqual(["a:catch.0.next", "b:choices.0.next", "b:default"]);
    expect(renameState(small, "a", "b")).toBe(small);
  });

  it("copies and pastes states with fresh ids, following internal transitions", () => {
    const fragment = copyStates(small, ["c", "d"]);
    const { doc, ids } = pasteStates(small, fragment, { x: 100, y: 0 });
    expect(ids).toEqual(["look", "d_2"]);
    const states = doc.states as Record<string, { options?: { next: string }[] }>;
    expect(states.look!.options![0]!.next).toBe("d_2");
    expect((doc.layout as Record<string, unknown>).d_2).toEqual({ x: 100, y: 300 });
  });

  it("moves states", () => {
    expect((moveStates(small, { a: { x: 1.2, y: 2 } }).layout as Record<string, unknown>).a).toEqual({ x: 1, y: 2 });
  });
});

describe("layout", () => {
  it("lays the demo out top to bottom with no two states overlapping", () => {
    const layout = computeLayout(demo);
    const start = layout.look_up!;
    const points = Object.values(layout);
    expect(points.every((p) => p.y >= start.y)).toBe(true);
    for (const [i, p] of points.entries()) {
      for (const q of points.slice(i + 1)) expect(Math.abs(p.x - q.x) >= 260 || Math.abs(p.y - q.y) >= NODE_HEIGHT).toBe(true);
    }
    expect(computeLayout(demo)).toEqual(layout);
  });

  it("places only what has no position yet", () => {
    const partial = { ...small, layout: { a: { x: 500, y: 500 } } };
    expect(unplacedStates(partial)).toEqual(["b", "c", "d"]);
    const placed = placeMissing(partial);
    expect((placed.layout as Record<string, unknown>).a).toEqual({ x: 500, y: 500 });
    expect(unplacedStates(placed)).toEqual([]);
    expect(unplacedStates(autoLayout({ ...small, layout: {} }))).toEqual([]);
  });
});
