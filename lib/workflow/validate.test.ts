import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { validateDefinition } from "./validate";
import { emptyDefinition, type WorkflowDefinition } from "./schema";
import { formatPath, hasErrors } from "./problems";

const demo = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../examples/workflows/support-escalation.json"), "utf8"),
) as WorkflowDefinition;

function base(states: Record<string, unknown>, startAt = "a"): Record<string, unknown> {
  return { schemaVersion: 1, name: "Test", startAt, states };
}

/** "code@path" for each problem, so a table can say exactly what is expected. */
function found(doc: unknown): string[] {
  return validateDefinition(doc).problems.map((p) => `${p.code}@${formatPath(p.path)}`);
}

const tool = (next: string, extra: Record<string, unknown> = {}) => ({
  type: "tool",
  server: "crm",
  tool: "find",
  next,
  ...extra,
});
const done = { type: "succeed" };

describe("validateDefinition", () => {
  it("accepts the demo workflow and the empty workflow without any problem", () => {
    // Only a warning: a person may send the run back to the refund, which is marked not idempotent.
    expect(validateDefinition(demo).problems.map((p) => `${p.severity} ${p.code}@${p.stateId}`)).toEqual([
      "warning loop_not_idempotent@refund",
    ]);
    expect(validateDefinition(emptyDefinition("New")).problems).toEqual([]);
  });

  it("returns the parsed definition for a valid document", () => {
    const result = validateDefinition(demo);
    expect(result.definition?.states.look_up?.type).toBe("parallel");
  });

  it.each([
    [
      "a next target that is not a step",
      base({ a: tool("nowhere"), b: done }),
      ["unknown_target@states.a.next", "unreachable@states.b"],
    ],
    ["a start state that does not exist", base({ b: done }, "zz"), ["unknown_start@startAt"]],
    ["an unreachable state", base({ a: tool("b"), b: done, lonely: tool("b") }), ["unreachable@states.lonely"]],
    [
      "a loop with no way out",
      base({ a: tool("b"), b: tool("a"), c: done }),
      ["no_path_to_end@states.a", "no_path_to_end@states.b", "unreachable@states.c"],
    ],
    ["no terminal state at all", base({ a: tool("a") }), ["no_terminal@states"]],
    ["an invalid state id", base({ a: tool("1bad"), "1bad": done }), ["invalid_id@states.1bad"]],
    [
      "an expression that does not parse",
      base({ a: tool("b", { input: { id: "{% $input.( %}" } }), b: done }),
      ["bad_expression@states.a.input.id"],
    ],
    [
      "a broken placeholder inside text",
      base({ a: { type: "human", title: "Hi {% $x[ %}", options: [{ id: "ok", label: "OK", next: "b" }] }, b: done }),
      ["bad_expression@states.a.title"],
    ],
    [
      "a missing required field",
      base({ a: { type: "tool", server: "crm", next: "b" }, b: done }),
      ["invalid_type@states.a.tool"],
    ],
    ["an unknown field (a typo)", base({ a: tool("b", { nxet: "b" }), b: done }), ["unknown_field@states.a.nxet"]],
    ["an unknown state type", base({ a: { type: "loop", next: "b" }, b: done }), ["unknown_type@states.a.type"]],
    [
      "duplicate option ids",
      base({
        a: {
          type: "human",
          title: "T",
          options: [
            { id: "x", label: "1", next: "b" },
            { id: "x", label: "2", next: "b" },
          ],
        },
        b: done,
      }),
      ["duplicate_id@states.a.options[1].id"],
    ],
    [
      "a reserved variable name",
      base({ a: tool("b", { assign: { input: "{% $result %}" } }), b: done }),
      ["invalid_variable@states.a.assign.input"],
    ],
    [
      "a condition that is not an expression",
      base({ a: { type: "choice", choices: [{ when: "x = 1", next: "b" }], default: "b" }, b: done }),
      ["not_expression@states.a.choices[0].when"],
    ],
    [
      "a wait with neither duration nor time",
      base({ a: { type: "wait", next: "b" }, b: done }),
      ["wait_duration@states.a.seconds"],
    ],
    [
      "retry delays in the wrong order",
      base({ a: tool("b", { retry: { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 10 } }), b: done }),
      ["retry_delays@states.a.retry.maxDelayMs"],
    ],
    [
      "a timeout route without an SLA",
      base({ a: { type: "human", title: "T", options: [{ id: "ok", label: "OK", next: "b" }], onTimeout: "b" }, b: done }),
      ["timeout_without_sla@states.a.onTimeout"],
    ],
    [
      "a required input field that does not exist",
      { ...base({ a: done }), input: { type: "object", properties: {}, required: ["email"] } },
      ["unknown_required@input.required[0]"],
    ],
    [
      "a layout entry for a missing step",
      { ...base({ a: done }), layout: { ghost: { x: 0, y: 0 } } },
      ["stale_layout@layout.ghost"],
    ],
    ["an empty name", { ...base({ a: done }), name: " " }, ["too_small@name"]],
  ])("reports %s", (_label, doc, expected) => {
    expect(found(doc)).toEqual(expected);
  });

  it("reports every problem of a document at once, each with its state and field", () => {
    const doc = base({
      a: tool("ghost", { retry: { maxAttempts: 0 }, input: { q: "{% ( %}" } }),
      b: { type: "frob" },
      c: done,
    });
    const { problems, definition } = validateDefinition(doc);
    expect(definition).toBeNull();
    expect(problems.map((p) => [p.stateId, p.field, p.code])).toEqual(
      expect.arrayContaining([
        ["a", "input.q", "bad_expression"],
        ["a", "retry.maxAttempts", "too_small"],
        ["a", "next", "unknown_target"],
        ["b", "type", "unknown_type"],
      ]),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it("treats a missing otherwise route as a warning that does not block publishing", () => {
    const doc = base({ a: { type: "choice", choices: [{ when: "{% $input.total > 10 %}", next: "b" }] }, b: done });
    const { problems } = validateDefinition(doc);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([["no_default", "warning"]]);
    expect(hasErrors(problems)).toBe(false);
  });

  it("warns about a decision's condition with no rules (it always, or never, takes its branch)", () => {
    const choices = [
      { when: "{% true %}", next: "b" },
      { when: "{%false%}", next: "b" },
    ];
    const doc = base({ a: { type: "choice", choices, default: "b" }, b: done });
    const { problems } = validateDefinition(doc);
    expect(problems.map((p) => [p.code, p.field, p.severity])).toEqual([
      ["constant_condition", "choices[0].when", "warning"],
      ["constant_condition", "choices[1].when", "warning"],
    ]);
    expect(problems[0]?.message).toContain("always matches");
    // Also while the decision is not wired yet (a new one from the palette).
    const fresh = base({ a: { type: "choice", choices: [{ when: "{% true %}", next: "" }] }, b: done });
    expect(validateDefinition(fresh).problems.map((p) => p.code)).toContain("constant_condition");
  });

  it("refuses something that is not an object", () => {
    expect(found([1, 2])).toEqual(["not_an_object@"]);
    expect(found(null)).toEqual(["not_an_object@"]);
  });
});
