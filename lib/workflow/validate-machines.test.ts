import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";
import { formatPath } from "./problems";

const found = (doc: unknown) => validateDefinition(doc).problems.map((p) => `${p.code}@${formatPath(p.path)}`);
const machine = (states: Record<string, unknown>, startAt = "a") => ({ startAt, states });
const done = { type: "succeed" };
const doc = (state: Record<string, unknown>) => ({
  schemaVersion: 1,
  name: "T",
  startAt: "p",
  states: { p: { ...state, next: "end" }, end: done },
});

describe("the steps inside parallel branches and map item bodies", () => {
  it("accepts well-formed branches and item bodies", () => {
    expect(found(doc({ type: "parallel", branches: { one: machine({ a: done }), two: machine({ a: done }) } }))).toEqual([]);
    expect(found(doc({ type: "map", items: "{% $input.list %}", itemBody: machine({ a: done }) }))).toEqual([]);
  });

  it("reports their problems under the outer step, like a workflow's own", () => {
    const broken = machine({ a: { type: "tool", server: "crm", tool: "find", next: "nowhere" }, lost: done });
    expect(found(doc({ type: "parallel", branches: { one: broken } }))).toEqual([
      "unknown_target@states.p.branches.one.states.a.next",
      "unreachable@states.p.branches.one.states.lost",
    ]);
    expect(found(doc({ type: "map", items: "{% $input.list %}", itemBody: machine({ a: { type: "nope" } }) }))).toEqual([
      "unknown_type@states.p.itemBody.states.a.type",
      "no_terminal@states.p.itemBody.states",
    ]);
  });

  it("needs a branch, one tolerance, and a parsable list expression", () => {
    expect(found(doc({ type: "parallel", branches: {} }))).toEqual(["no_branches@states.p.branches"]);
    const both = {
      type: "map",
      items: "{% $x %}",
      itemBody: machine({ a: done }),
      toleratedFailureCount: 1,
      toleratedFailurePercentage: 5,
    };
    expect(found(doc(both))).toEqual(["two_tolerances@states.p.toleratedFailurePercentage"]);
    expect(found(doc({ type: "map", items: "{% $x[ %}", itemBody: machine({ a: done }) }))[0]).toMatch(
      /^bad_expression@states.p.items/,
    );
  });

  it("refuses nesting deeper than four levels", () => {
    let inner: Record<string, unknown> = machine({ a: done });
    for (let i = 0; i < 5; i++) inner = machine({ a: { type: "parallel", branches: { b: inner }, next: "z" }, z: done });
    expect(found({ schemaVersion: 1, name: "T", ...inner })).toContain(
      "too_deep@states.a.branches.b.states.a.branches.b.states.a.branches.b.states.a.branches.b.states.a.branches.b",
    );
  });
});

it("names branches like steps (the name is part of each branch run's id)", () => {
  expect(found(doc({ type: "parallel", branches: { "two words": machine({ a: done }) } }))).toEqual([
    "invalid_branch_name@states.p.branches.two words",
  ]);
});
