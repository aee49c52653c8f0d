import { describe, expect, it } from "vitest";
import type { CatalogServer } from "../mcp/catalog";
import { catalogProblems, requiredInputProblems } from "./catalog-problems";

const crm: CatalogServer = {
  id: "s1",
  name: "crm",
  title: "CRM",
  enabled: true,
  status: "ok",
  tools: [
    {
      server: "crm",
      name: "find_customer",
      title: "",
      description: "",
      inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
      outputSchema: null,
      annotations: { readOnlyHint: true },
      schemaHash: "h",
      changedAt: new Date("2026-03-01T00:00:00Z"),
    },
  ],
};

const doc = (state: object) => ({ states: { a: { type: "tool", next: "b", ...state } } });

describe("problems from the connected servers", () => {
  it("is quiet for a step whose tool exists and has its inputs", () => {
    expect(catalogProblems(doc({ server: "crm", tool: "find_customer", input: { email: "x" } }), [crm], null)).toEqual([]);
  });

  it("warns about a missing server, a removed tool and a missing required input", () => {
    const codes = (state: object) => catalogProblems(doc(state), [crm], null).map((p) => `${p.code} ${p.field}`);
    expect(codes({ server: "billing", tool: "x" })).toEqual(["server_missing server"]);
    expect(codes({ server: "crm", tool: "delete_customer" })).toEqual(["tool_missing tool"]);
    expect(codes({ server: "crm", tool: "find_customer", input: {} })).toEqual(["input_missing input.email"]);
    expect(codes({ server: "crm", tool: "find_customer", input: { email: "" } })).toEqual(["input_missing input.email"]);
    // A missing required input blocks publishing: every run would stop there.
    expect(catalogProblems(doc({ server: "crm", tool: "find_customer" }), [crm], null)[0]?.severity).toBe("error");
    expect(
      codes({ server: "crm", tool: "find_customer", input: { email: "x" }, compensate: { server: "gone", tool: "t" } }),
    ).toEqual(["server_missing compensate.server"]);
  });

  it("finds missing required inputs from stored tool schemas (the server's check before publishing)", () => {
    const tools = [{ server: "crm", name: "find_customer", inputSchema: { required: ["email"] } }];
    const state = {
      server: "crm",
      tool: "find_customer",
      compensate: { server: "crm", tool: "find_customer", input: { email: "x" } },
    };
    expect(requiredInputProblems(doc(state), tools).map((p) => `${p.severity} ${p.field}`)).toEqual(["error input.email"]);
    expect(requiredInputProblems(doc({ server: "other", tool: "find_customer" }), tools)).toEqual([]);
  });

  it("warns when the tool changed after the last published version, not before", () => {
    const state = { server: "crm", tool: "find_customer", input: { email: "x" } };
    expect(catalogProblems(doc(state), [crm], new Date("2026-02-01T00:00:00Z")).map((p) => p.code)).toEqual(["tool_changed"]);
    expect(catalogProblems(doc(state), [crm], new Date("2026-04-01T00:00:00Z"))).toEqual([]);
  });

  it("warns that a disabled server will fail the step", () => {
    const off = { ...crm, enabled: false };
    expect(catalogProblems(doc({ server: "crm", tool: "find_customer" }), [off], null).map((p) => p.code)).toEqual([
      "server_disabled",
    ]);
  });
});

describe("tool steps inside branches and item bodies", () => {
  const inner = (state: object) => ({
    states: {
      both: {
        type: "parallel",
        branches: {
          left: { startAt: "call", states: { call: { type: "tool", next: "done", ...state }, done: { type: "succeed" } } },
        },
        next: "each",
      },
      each: {
        type: "map",
        items: "{% $input.emails %}",
        itemBody: {
          startAt: "call",
          states: { call: { type: "tool", server: "crm", tool: "gone", input: {}, next: "done" }, done: { type: "succeed" } },
        },
      },
    },
  });

  it("are checked against the catalog, their problems on their parallel or map step", () => {
    const problems = catalogProblems(inner({ server: "crm", tool: "find_customer" }), [crm], null);
    expect(problems.map((p) => `${p.code} ${p.stateId} ${p.field}`)).toEqual([
      "input_missing both branches.left.states.call.input.email",
      "tool_missing each itemBody.states.call.tool",
    ]);
    expect(problems[0]?.severity).toBe("error");
    expect(catalogProblems(inner({ server: "crm", tool: "find_customer", input: { email: "x" } }), [crm], null)).toHaveLength(1);
  });

  it("missing required inputs inside a branch refuse publishing (the server's check)", () => {
    const tools = [{ server: "crm", name: "find_customer", inputSchema: crm.tools[0]!.inputSchema }];
    expect(requiredInputProblems(inner({ server: "crm", tool: "find_customer" }), tools).map((p) => p.stateId)).toEqual(["both"]);
  });
});
