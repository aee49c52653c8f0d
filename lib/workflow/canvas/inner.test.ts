import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../validate";
import { addToMachine, groupLayout, innerMachines, ITEM_BODY, layoutMachine } from "./inner";
import { computeLayout } from "./layout";
import type { Draft } from "./edit";

const demo = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../../examples/workflows/support-escalation.json"), "utf8"),
) as Draft;

const SIZE = { width: 260, height: 96, gapX: 24, gapY: 40 };

const doc: Draft = {
  schemaVersion: 1,
  name: "Fan out",
  startAt: "both",
  states: {
    both: {
      type: "parallel",
      branches: {
        left: { startAt: "done", states: { done: { type: "succeed" } } },
        right: {
          startAt: "a",
          states: {
            a: { type: "tool", server: "crm", tool: "find", input: {}, next: "done" },
            done: { type: "succeed" },
          },
        },
      },
      next: "each",
    },
    each: {
      type: "map",
      items: "{% $input.items %}",
      itemBody: { startAt: "done", states: { done: { type: "succeed", output: "{% $item %}" } } },
      next: "end",
    },
    end: { type: "succeed" },
  },
};

function states(d: Draft, id: string): Record<string, unknown> {
  return (d.states as Record<string, Record<string, unknown>>)[id]!;
}

describe("inner machines", () => {
  it("lists a parallel step's branches in order and a map's item body; nothing for other steps", () => {
    expect(innerMachines(states(doc, "both")).map((m) => [m.key, m.startAt, Object.keys(m.states)])).toEqual([
      ["left", "done", ["done"]],
      ["right", "a", ["a", "done"]],
    ]);
    expect(innerMachines(states(doc, "each")).map((m) => m.key)).toEqual([ITEM_BODY]);
    expect(innerMachines(states(doc, "end"))).toEqual([]);
    expect(innerMachines({ type: "parallel", branches: "nonsense" })).toEqual([]);
  });

  it("lays a machine out in rows by distance from its start, unreachable steps last", () => {
    const m = {
      key: "k",
      label: "k",
      startAt: "a",
      states: {
        lost: { type: "succeed" },
        a: { type: "choice", choices: [{ when: "x", next: "b" }], default: "c" },
        b: {},
        c: {},
      },
    };
    const { positions, width, height } = layoutMachine(m, SIZE);
    expect(positions.a!.y).toBe(0);
    expect(positions.b!.y).toBe(positions.c!.y);
    expect(positions.b!.y).toBeGreaterThan(0);
    expect(positions.lost!.y).toBeGreaterThan(positions.b!.y);
    expect(Math.abs(positions.b!.x - positions.c!.x)).toBeGreaterThanOrEqual(SIZE.width);
    expect(width).toBe(2 * SIZE.width + SIZE.gapX);
    expect(height).toBe(3 * SIZE.height + 2 * SIZE.gapY);
  });

  it("sizes a group to hold its lanes side by side", () => {
    const g = groupLayout(states(doc, "both"))!;
    expect(g.lanes.map((l) => l.machine.key)).toEqual(["left", "right"]);
    const [left, right] = g.lanes;
    expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width);
    expect(g.width).toBeGreaterThanOrEqual(right!.x + right!.width);
    expect(g.height).toBeGreaterThan(left!.y + left!.height);
    expect(groupLayout(states(doc, "end"))).toBeNull();
  });
});

describe("adding a step into a branch", () => {
  it("puts it at the branch's end: what led to its succeed step leads to the new step, which leads there", () => {
    const added = addToMachine(doc, "both", "right", { type: "tool", title: "Notify", server: "email", tool: "send", next: "" })!;
    expect(added.id).toBe("notify");
    const right = (
      states(added.doc, "both").branches as Record<string, { startAt: string; states: Record<string, Record<string, unknown>> }>
    ).right!;
    expect(right.startAt).toBe("a");
    expect(right.states.a!.next).toBe("notify");
    expect(right.states.notify!.next).toBe("done");
    expect(validateDefinition(added.doc).problems.filter((p) => p.severity === "error" && p.stateId === "both")).toEqual([]);
  });

  it("becomes the start of a branch that only had its end, and of a map's item body", () => {
    const left = addToMachine(doc, "both", "left", { type: "wait", title: "Pause", seconds: 1, next: "" })!;
    const branch = (states(left.doc, "both").branches as Record<string, { startAt: string }>).left!;
    expect(branch.startAt).toBe("pause");
    const body = addToMachine(doc, "each", ITEM_BODY, { type: "tool", title: "Find", server: "crm", tool: "find", next: "" })!;
    expect(states(body.doc, "each").itemBody).toMatchObject({ startAt: "find", states: { find: { next: "done" } } });
  });

  it("keeps the other branches and steps as they were, and refuses a step or branch that is not there", () => {
    const added = addToMachine(doc, "both", "right", { type: "succeed", title: "Other end" })!;
    expect((states(added.doc, "both").branches as Record<string, unknown>).left).toBe(
      (states(doc, "both").branches as Record<string, unknown>).left,
    );
    expect(states(added.doc, "each")).toBe(states(doc, "each"));
    expect(addToMachine(doc, "nope", "left", { type: "succeed" })).toBeNull();
    expect(addToMachine(doc, "both", "nope", { type: "succeed" })).toBeNull();
  });
});

describe("the demo's groups in the layout", () => {
  it("lays the demo out with its parallel lookups as a group that overlaps no other step", () => {
    const layout = computeLayout(demo);
    const group = groupLayout(states(demo, "look_up"))!;
    const top = layout.look_up!;
    for (const [id, p] of Object.entries(layout)) {
      if (id === "look_up") continue;
      const apart = p.y >= top.y + group.height || p.x >= top.x + group.width || p.x + 260 <= top.x;
      expect(apart, id).toBe(true);
    }
  });
});
