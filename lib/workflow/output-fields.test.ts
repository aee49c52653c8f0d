import { describe, expect, it } from "vitest";
import { assignedFields, resultPathOf, schemaFields } from "./output-fields";
import { scopeAt } from "./scope";

const customer = {
  type: "object",
  properties: {
    id: { type: "string", description: "Customer id, e.g. cust_001" },
    tier: { type: "string", enum: ["standard", "gold"] },
    since: { type: ["string", "null"] },
    address: { type: "object", properties: { city: { type: "string", title: "City" } } },
    orders: { type: "array", items: { type: "object" } },
    "odd name": { type: "string" },
  },
};

describe("result fields from an output schema", () => {
  it("lists each property, nested objects as dotted paths, with type and description", () => {
    const fields = schemaFields(customer, "$customer", "Set by Look up");
    expect(fields.map((f) => [f.path, f.type])).toEqual([
      ["$customer.id", "string"],
      ["$customer.tier", "string"],
      ["$customer.since", "string"],
      ["$customer.address", "object"],
      ["$customer.address.city", "string"],
      ["$customer.orders", "array"],
    ]);
    expect(fields[0]?.description).toBe("Customer id, e.g. cust_001");
    expect(fields[4]?.description).toBe("City");
  });

  it("is bounded in depth and count (schemas come from MCP servers)", () => {
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 50; i++) deep = { type: "object", properties: { a: deep } };
    expect(schemaFields(deep, "$x", "s").map((f) => f.path)).toEqual(["$x.a", "$x.a.a", "$x.a.a.a"]);
    const wide = { properties: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, { type: "number" }])) };
    expect(schemaFields(wide, "$x", "s")).toHaveLength(60);
    expect(schemaFields("not a schema", "$x", "s")).toEqual([]);
  });

  it("knows which part of the result an assignment keeps", () => {
    expect(resultPathOf("{% $result %}")).toEqual([]);
    expect(resultPathOf("{%  $result.address.city %}")).toEqual(["address", "city"]);
    expect(resultPathOf("{% $result.results[0] %}")).toEqual(["results", "[]"]);
    expect(resultPathOf("{% $result.tier = 'gold' %}")).toBeNull();
    expect(resultPathOf("$result")).toBeNull();
    expect(resultPathOf(3)).toBeNull();
  });

  it("gives the fields of each variable assigned from the result", () => {
    const state = {
      assign: { customer: "{% $result %}", where: "{% $result.address %}", flag: "{% true %}", first: "{% $result.orders[0] %}" },
    };
    const withItems = {
      ...customer,
      properties: {
        ...customer.properties,
        orders: { type: "array", items: { type: "object", properties: { total: { type: "number" } } } },
      },
    };
    expect(
      assignedFields(state, withItems, "s")
        .get("first")
        ?.map((f) => f.path),
    ).toEqual(["$first.total"]);
    const fields = assignedFields(state, customer, "Set by Look up");
    expect(fields.get("customer")?.map((f) => f.path)).toContain("$customer.address.city");
    expect(fields.get("where")?.map((f) => f.path)).toEqual(["$where.city"]);
    expect(fields.has("flag")).toBe(false);
  });
});

describe("scopeAt with result schemas", () => {
  const definition = {
    startAt: "lookup",
    states: {
      lookup: {
        type: "tool",
        server: "crm",
        tool: "get",
        title: "Look up",
        assign: { customer: "{% $result %}" },
        next: "decide",
      },
      decide: { type: "choice", choices: [{ when: "{% true %}", next: "done" }], default: "done" },
      done: { type: "succeed" },
    },
  };
  const schemas = (s: Record<string, unknown>) => (s.tool === "get" ? customer : undefined);

  it("offers an earlier step's output fields in a later step", () => {
    const scope = scopeAt(definition, "decide", schemas);
    const tier = scope.find((v) => v.path === "$customer.tier");
    expect(tier).toMatchObject({ source: "Set by Look up", type: "string" });
    expect(scope.find((v) => v.path === "$customer")?.type).toBe("object");
  });

  it("offers the step's own result fields, and nothing when the schema is unknown", () => {
    expect(scopeAt(definition, "lookup", schemas).map((v) => v.path)).toContain("$result.address.city");
    const paths = scopeAt(definition, "decide").map((v) => v.path);
    expect(paths).toContain("$customer");
    expect(paths.some((p) => p.startsWith("$customer."))).toBe(false);
  });

  it("reads a parallel step's branch outputs: what each branch's succeed state outputs, kept from a tool's result", () => {
    const parallel = {
      startAt: "look_up",
      states: {
        look_up: {
          type: "parallel",
          title: "Look up",
          branches: {
            customer: {
              startAt: "get",
              states: {
                get: { type: "tool", server: "crm", tool: "get", assign: { found: "{% $result %}" }, next: "ok" },
                ok: { type: "succeed", output: "{% $found %}" },
              },
            },
            city: {
              startAt: "get",
              states: {
                get: { type: "tool", server: "crm", tool: "get", assign: { found: "{% $result.address %}" }, next: "ok" },
                ok: { type: "succeed", output: "{% $found.city %}" },
              },
            },
            other: { startAt: "x", states: { x: { type: "succeed", output: "{% 42 %}" } } },
          },
          assign: { customer: "{% $results.customer %}", city: "{% $results.city %}", other: "{% $results.other %}" },
          next: "decide",
        },
        decide: { type: "choice", choices: [{ when: "{% true %}", next: "done" }], default: "done" },
        done: { type: "succeed" },
      },
    };
    const scope = scopeAt(parallel, "decide", schemas);
    expect(scope.find((v) => v.path === "$customer.tier")).toMatchObject({ source: "Set by Look up", type: "string" });
    expect(scope.find((v) => v.path === "$city")?.type).toBe("string");
    expect(scope.find((v) => v.path === "$other")?.type).toBeUndefined();
    expect(scope.some((v) => v.path.startsWith("$other."))).toBe(false);
  });

  it("takes an agent step's answer schema from the step itself", () => {
    const agent = {
      startAt: "triage",
      states: {
        triage: {
          type: "agent",
          title: "Triage",
          output: { type: "object", properties: { urgency: { type: "string" } } },
          assign: { triage: "{% $result %}" },
          next: "done",
        },
        done: { type: "succeed" },
      },
    };
    expect(scopeAt(agent, "done").map((v) => v.path)).toContain("$triage.urgency");
  });
});
