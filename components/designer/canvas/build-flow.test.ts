import { describe, expect, it } from "vitest";
import { moveInner, setCollapsed, type Draft } from "@/lib/workflow/canvas";
import { buildFlow } from "./build-flow";
import { fittingHeight, graphSize, DEFAULT_HEIGHT, MAX_HEIGHT, READABLE_ZOOM } from "./run-fit";
import { fanOutDraft } from "@/lib/workflow/canvas/fan-out-fixture";

const doc = fanOutDraft(700);

const build = (d: Draft, extra: { collapsed?: ReadonlySet<string>; innerDraggable?: boolean } = {}) =>
  buildFlow(d, { problems: [], selection: new Set(), selectedEdge: null, ...extra });

describe("groups on the canvas", () => {
  it("draws a group collapsed when the draft saved it so, and expanded where a view says all are", () => {
    const collapsed = setCollapsed(doc, "both", true);
    const ids = (d: Draft, extra = {}) => build(d, extra).nodes.map((n) => n.id);
    expect(ids(doc)).toContain("both::left::a");
    expect(ids(collapsed)).not.toContain("both::left::a");
    expect(build(collapsed).nodes.find((n) => n.id === "both")?.data).toMatchObject({ group: "collapsed" });
    // The run view passes an empty set: every group drawn with its steps.
    expect(ids(collapsed, { collapsed: new Set() })).toContain("both::left::a");
  });

  it("puts a dragged inner step where it was saved, inside its lane, and lets the designer drag it", () => {
    const node = (d: Draft, extra = {}) => build(d, extra).nodes.find((n) => n.id === "both::left::a")!;
    expect(node(doc).draggable).toBe(false);
    expect(node(doc, { innerDraggable: true })).toMatchObject({ draggable: true, parentId: "both::left", extent: "parent" });
    const moved = moveInner(doc, "both", { "left::a": { x: 3, y: 150 } });
    expect(node(moved).position).toEqual({ x: 3, y: 150 });
    // A place outside the lane (it shrank since) is brought back into it.
    const lane = build(doc).nodes.find((n) => n.id === "both::left")!;
    const far = node(moveInner(doc, "both", { "left::a": { x: -50, y: 99_999 } })).position;
    expect(far.x).toBe(0);
    expect(far.y).toBeLessThanOrEqual(lane.height!);
  });
});

describe("the run canvas's height", () => {
  it("measures the top-level drawing, groups included", () => {
    const size = graphSize(build(doc).nodes);
    const group = build(doc).nodes.find((n) => n.id === "both")!;
    expect(size.width).toBe(group.width);
    expect(size.height).toBeGreaterThan(700);
  });

  it("grows so the whole workflow fits at a readable zoom, within bounds", () => {
    expect(fittingHeight({ width: 800, height: 300 }, 1000)).toBe(DEFAULT_HEIGHT);
    const tall = fittingHeight({ width: 900, height: 1000 }, 900);
    expect(tall).toBeGreaterThan(1000 * READABLE_ZOOM);
    // Wide enough for zoom 1 at most: never taller than the drawing at zoom 1 with its frame.
    expect(fittingHeight({ width: 300, height: 1000 }, 1200)).toBeLessThanOrEqual(1000 * 1.2);
    expect(fittingHeight({ width: 900, height: 10_000 }, 900)).toBe(MAX_HEIGHT);
    expect(fittingHeight({ width: 900, height: 1000 }, 0)).toBe(DEFAULT_HEIGHT);
  });
});
