import { describe, expect, it } from "vitest";
import { definitionSchema } from "../schema";
import { validateDefinition } from "../validate";
import { moveStates, removeStates, type Draft } from "./edit";
import { groupViewOf, isCollapsed, moveInner, setCollapsed } from "./group-view";
import { autoLayout, computeLayout } from "./layout";
import { NODE_HEIGHT } from "./layout";
import { fanOutDraft } from "./fan-out-fixture";

const doc = fanOutDraft(600);

const entry = (d: Draft, id: string) => (d.layout as Record<string, unknown>)[id];

describe("a group's view saved in its layout entry", () => {
  it("collapses and expands a group, keeping its position", () => {
    const collapsed = setCollapsed(doc, "both", true);
    expect(entry(collapsed, "both")).toEqual({ x: 0, y: 0, collapsed: true });
    expect(isCollapsed(collapsed, "both")).toBe(true);
    const expanded = setCollapsed(collapsed, "both", false);
    expect(entry(expanded, "both")).toEqual({ x: 0, y: 0 });
    expect(isCollapsed(expanded, "both")).toBe(false);
    expect(setCollapsed(doc, "nope", true)).toBe(doc);
  });

  it("saves where inner steps were dragged, rounded, by branch and step", () => {
    const moved = moveInner(doc, "both", { "left::a": { x: 20.4, y: 90.6 } });
    expect(groupViewOf(entry(moved, "both")).inner).toEqual({ "left::a": { x: 20, y: 91 } });
    const again = moveInner(moved, "both", { "right::done": { x: 5, y: 6 } });
    expect(groupViewOf(entry(again, "both")).inner).toEqual({ "left::a": { x: 20, y: 91 }, "right::done": { x: 5, y: 6 } });
  });

  it("keeps the view when the group moves or another step is removed", () => {
    const viewed = moveInner(setCollapsed(doc, "both", true), "both", { "left::a": { x: 1, y: 2 } });
    const moved = moveStates(viewed, { both: { x: 100.2, y: 50 } });
    expect(entry(moved, "both")).toEqual({ x: 100, y: 50, collapsed: true, inner: { "left::a": { x: 1, y: 2 } } });
    expect(entry(removeStates(moved, ["end"]), "both")).toEqual(entry(moved, "both"));
  });

  it("is part of a valid definition (published with the layout), and nothing else is", () => {
    const viewed = moveInner(setCollapsed(doc, "both", true), "both", { "left::a": { x: 1, y: 2 } });
    expect(definitionSchema.safeParse(viewed).success).toBe(true);
    expect(validateDefinition(viewed).problems.filter((p) => p.severity === "error")).toEqual([]);
    const bad = { ...doc, layout: { both: { x: 0, y: 0, collapsed: "yes" } } };
    expect(definitionSchema.safeParse(bad).success).toBe(false);
  });

  it("tidy up keeps a group collapsed, sizes it as a compact step and puts inner steps back in their rows", () => {
    const viewed = moveInner(setCollapsed(doc, "both", true), "both", { "left::a": { x: 1, y: 2 } });
    const tidy = autoLayout(viewed);
    expect(entry(tidy, "both")).toMatchObject({ collapsed: true });
    expect(groupViewOf(entry(tidy, "both")).inner).toEqual({});
    // Collapsed, the group takes a step's room: "end" comes right below it.
    const gap = (d: Draft) => computeLayout(d).end!.y - computeLayout(d).both!.y;
    expect(gap(viewed)).toBeLessThan(gap(doc));
    expect(gap(viewed)).toBeLessThanOrEqual(NODE_HEIGHT + 100);
  });
});
