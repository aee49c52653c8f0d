import { describe, expect, it } from "vitest";
import { checkExpression, evaluateValue, expressionSources, parseTemplate, previewTemplate } from "./expressions";

describe("parseTemplate", () => {
  it.each([
    ["plain text", { kind: "literal", value: "plain text" }],
    ["{% $input.id %}", { kind: "expression", source: "$input.id" }],
    ["  {%$x%} ", { kind: "expression", source: "$x" }],
    ["Hi {% $name %}!", { kind: "text", parts: [{ text: "Hi " }, { source: "$name" }, { text: "!" }] }],
    ["{% $a %} and {% $b %}", { kind: "text", parts: [{ source: "$a" }, { text: " and " }, { source: "$b" }] }],
  ])("reads %j", (input, expected) => {
    expect(parseTemplate(input)).toEqual(expected);
  });

  it("lists the sources of every placeholder", () => {
    expect(expressionSources("{% $a %}-{% $b.c %}")).toEqual(["$a", "$b.c"]);
    expect(expressionSources("none")).toEqual([]);
  });
});

describe("checkExpression", () => {
  it("accepts valid JSONata and explains invalid JSONata with a position", () => {
    expect(checkExpression("$order.total > 100 and $customer.tier = 'gold'")).toBeNull();
    expect(checkExpression("$order.(")).toMatch(/at character \d+/);
    expect(checkExpression("  ")).toBe("The expression is empty");
  });
});

describe("evaluateValue", () => {
  it("evaluates expressions, templates and nested values against the run's data", async () => {
    const value = {
      id: "{% $input.id %}",
      total: "{% $order.total * 2 %}",
      note: "Order {% $input.id %} costs {% $order.total %}",
      list: ["{% $order.items.sku %}", "literal"],
      flag: true,
    };
    const bindings = { input: { id: "A-1" }, order: { total: 21, items: [{ sku: "x" }, { sku: "y" }] } };
    expect(await evaluateValue(value, bindings)).toEqual({
      id: "A-1",
      total: 42,
      note: "Order A-1 costs 21",
      list: [["x", "y"], "literal"],
      flag: true,
    });
  });

  it("turns a missing value into null rather than undefined", async () => {
    expect(await evaluateValue("{% $nothing.here %}", {})).toBeNull();
  });
});

describe("previewTemplate", () => {
  it("shows placeholders by name where no data is at hand", () => {
    expect(previewTemplate("Review the case of {% $customer.name %}")).toBe("Review the case of ‹customer.name›");
    expect(previewTemplate("{% $order.total %}")).toBe("‹order.total›");
    expect(previewTemplate("Plain")).toBe("Plain");
  });
});

describe("evaluating the same expression many times at once", () => {
  it("gives each evaluation its own data, also through lambdas, sorting and variables bound inside", async () => {
    const source =
      "( $total := $sum($map($order.items, function($i) { $i.price * $i.qty })); " +
      '{ "id": $order.id, "total": $total, "top": ($order.items^(>price))[0].sku } )';
    const orders = Array.from({ length: 200 }, (_, n) => ({
      id: `ORD-${n}`,
      items: [
        { sku: `A${n}`, price: n, qty: 2 },
        { sku: `B${n}`, price: n + 1, qty: 1 },
      ],
    }));
    const results = await Promise.all(orders.map((order) => evaluateValue(`{% ${source} %}`, { order })));
    results.forEach((r, n) => expect(r).toEqual({ id: `ORD-${n}`, total: 3 * n + 1, top: `B${n}` }));
  });

  it("does not let one evaluation's error or bindings leak into the next", async () => {
    const source = "{% $x.y ? $x.y : $error('no y') %}";
    await expect(evaluateValue(source, { x: {} })).rejects.toMatchObject({ message: "no y" });
    expect(await evaluateValue(source, { x: { y: 5 } })).toBe(5);
    await expect(evaluateValue(source, {})).rejects.toMatchObject({ message: "no y" });
  });
});
