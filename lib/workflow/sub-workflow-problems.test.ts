import { describe, expect, it } from "vitest";
import { subWorkflowProblems, type PublishedWorkflow } from "./sub-workflow-problems";

const refund: PublishedWorkflow = {
  id: "wf_refund",
  name: "Refund",
  versions: [
    {
      version: 2,
      input: {
        type: "object",
        properties: { orderId: { type: "string" }, amount: { type: "number" } },
        required: ["orderId", "amount"],
        additionalProperties: false,
      },
    },
    { version: 1, input: null },
  ],
};

const doc = (step: Record<string, unknown>) => ({
  states: {
    each: {
      type: "map",
      items: "{% $input.orders %}",
      itemBody: {
        startAt: "refund",
        states: { refund: { type: "subWorkflow", next: "done", ...step }, done: { type: "succeed" } },
      },
      next: "end",
    },
  },
});

const codes = (step: Record<string, unknown>, self: string | null = "wf_support") =>
  subWorkflowProblems(doc(step), [refund], self).map((p) => [p.code, p.path.join(".")]);

describe("sub-workflow problems (also inside item bodies)", () => {
  it("accepts a mapping that fits the latest version's input", () => {
    expect(codes({ workflowId: "wf_refund", input: { orderId: "{% $item.id %}", amount: 12.5 } })).toEqual([]);
  });

  it("names a missing required input, an unknown one and a fixed value of the wrong type", () => {
    expect(codes({ workflowId: "wf_refund", input: { amount: "lots", note: "x" } })).toEqual([
      ["sub_workflow_input_missing", "states.each.itemBody.states.refund.input.orderId"],
      ["sub_workflow_input_invalid", "states.each.itemBody.states.refund.input.amount"],
      ["sub_workflow_input_unknown", "states.each.itemBody.states.refund.input.note"],
    ]);
  });

  it("checks a pinned version's input, and a version that does not exist", () => {
    expect(codes({ workflowId: "wf_refund", version: 1, input: {} })).toEqual([]);
    expect(codes({ workflowId: "wf_refund", version: 7 })).toEqual([
      ["sub_workflow_version", "states.each.itemBody.states.refund.version"],
    ]);
  });

  it("refuses an unpublished workflow and the workflow itself", () => {
    expect(codes({ workflowId: "wf_gone" })[0]?.[0]).toBe("sub_workflow_missing");
    expect(codes({ workflowId: "wf_refund" }, "wf_refund")[0]?.[0]).toBe("sub_workflow_self");
  });
});
