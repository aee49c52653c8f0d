import { describe, expect, it } from "vitest";
import { outputSchemaOf, toolNameFor, uniqueToolNames, workflowAnnotations, type ToolHints } from "./mcp-tool";
import type { WorkflowDefinition } from "./schema";

const call = (server: string, tool: string, compensate?: { server: string; tool: string }) => ({
  type: "tool" as const,
  server,
  tool,
  next: "done",
  ...(compensate ? { compensate } : {}),
});

function definition(states: Record<string, unknown>): WorkflowDefinition {
  return { schemaVersion: 1, name: "W", startAt: "a", states: { ...states, done: { type: "succeed" } } };
}

const HINTS: Record<string, ToolHints> = {
  "crm/get": { readOnlyHint: true },
  "orders/refund": { readOnlyHint: false, destructiveHint: true },
  "mail/send": { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
};
const hintsOf = (server: string, tool: string) => HINTS[`${server}/${tool}`];

describe("toolNameFor / uniqueToolNames", () => {
  it.each([
    ["Refund request", "refund_request"],
    ["  Ünïcode — café!  ", "unicode_cafe"],
    ["***", "workflow"],
    ["Switchyard helper", "wf_switchyard_helper"],
    ["x".repeat(100), "x".repeat(64)],
  ])("%s -> %s", (name, expected) => {
    expect(toolNameFor(name)).toBe(expected);
  });

  it("keeps the plain name for the first workflow and suffixes later ones with the end of their id", () => {
    const names = uniqueToolNames([
      { id: "wf_aaa111", name: "Refund" },
      { id: "wf_bbb222", name: "refund" },
    ]);
    expect(names.get("wf_aaa111")).toBe("refund");
    expect(names.get("wf_bbb222")).toBe("refund_bbb222");
  });
});

describe("workflowAnnotations", () => {
  it("is read-only only when every call is read-only", () => {
    expect(workflowAnnotations(definition({ a: call("crm", "get") }), hintsOf)).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(workflowAnnotations(definition({ a: call("crm", "get"), b: call("mail", "send") }), hintsOf)).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      openWorldHint: true,
    });
  });

  it("is destructive when any call is, compensations and unknown tools included", () => {
    expect(workflowAnnotations(definition({ a: call("crm", "get"), b: call("orders", "refund") }), hintsOf).destructiveHint).toBe(
      true,
    );
    expect(
      workflowAnnotations(definition({ a: call("mail", "send", { server: "orders", tool: "refund" }) }), hintsOf).destructiveHint,
    ).toBe(true);
    // A tool that says nothing is destructive by the specification's default.
    expect(workflowAnnotations(definition({ a: call("x", "unknown") }), hintsOf).destructiveHint).toBe(true);
  });

  it("is neither read-only nor destructive without tool calls, and always idempotent (keys return the same run)", () => {
    expect(workflowAnnotations(definition({}), hintsOf)).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
  });
});

describe("outputSchemaOf", () => {
  const schema = { type: "object" as const, properties: { id: { type: "string" as const } } };
  it("takes the schema the succeed states declare, and none when they disagree", () => {
    const one = {
      ...definition({}),
      states: { a: { type: "succeed", outputSchema: schema }, b: { type: "succeed" } },
    } as WorkflowDefinition;
    expect(outputSchemaOf(one)).toEqual(schema);
    const two = {
      ...one,
      states: {
        a: { type: "succeed", outputSchema: schema },
        b: { type: "succeed", outputSchema: { type: "object", properties: {} } },
      },
    } as WorkflowDefinition;
    expect(outputSchemaOf(two)).toBeUndefined();
    expect(outputSchemaOf(definition({}))).toBeUndefined();
  });
});
