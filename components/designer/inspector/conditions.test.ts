import { describe, expect, it } from "vitest";
import { compileCondition, operandFromText, operandText, parseCondition, type Condition } from "./conditions";

const roundTrip = (when: string) => compileCondition(parseCondition(when)!, new Set(["$tags"]));

describe("parseCondition", () => {
  it("reads the example's condition", () => {
    const when = "{% $order.shippingAddress = $customer.address and $order.total <= 200 %}";
    expect(parseCondition(when)).toEqual({
      combine: "all",
      rules: [
        { field: "$order.shippingAddress", operator: "eq", value: { kind: "path", path: "$customer.address" } },
        { field: "$order.total", operator: "le", value: { kind: "number", value: 200 } },
      ],
    });
    expect(roundTrip(when)).toBe(when);
  });
  it("reads every operator and round-trips it", () => {
    for (const when of [
      "{% $customer.tier = 'gold' %}",
      "{% $a != 'x' or $b > 1 or $c >= -2.5 or $d < 3 or $e <= 4 %}",
      "{% $contains($input.issue, 'broken') %}",
      "{% 'vip' in $tags %}",
      "{% ($not($exists($refund)) or $refund = '') %}",
      "{% ($exists($refund) and $refund != '') and $ok = true and $bad = false %}",
      '{% $name = "it\'s" %}',
    ]) {
      expect(roundTrip(when)).toBe(when);
    }
  });
  it("reads 'true' as a condition without rules", () => {
    expect(parseCondition("{% true %}")).toEqual({ combine: "all", rules: [] });
  });
  it("refuses what the builder cannot show", () => {
    for (const when of [
      "{% $a = 1 and $b = 2 or $c = 3 %}",
      "{% $a.b[0] = 1 %}",
      "{% $count($items) > 2 %}",
      "{% $a + 1 > 2 %}",
      "{% $a = %}",
      "not an expression",
      "{% $a %}",
      "{% $string($a) = 'x' %}",
    ]) {
      expect(parseCondition(when), when).toBeNull();
    }
  });
});

describe("compileCondition", () => {
  it("skips incomplete rules and joins with any", () => {
    const condition: Condition = {
      combine: "any",
      rules: [
        { field: "$a", operator: "gt", value: { kind: "number", value: 1 } },
        { field: "", operator: "eq", value: { kind: "text", text: "x" } },
        { field: "$b", operator: "eq" },
        { field: "$c", operator: "empty" },
      ],
    };
    expect(compileCondition(condition)).toBe("{% $a > 1 or ($not($exists($c)) or $c = '') %}");
    expect(compileCondition({ combine: "all", rules: [] })).toBe("{% true %}");
  });
  it("uses $contains for text and 'in' for lists", () => {
    const rule = { field: "$tags", operator: "contains" as const, value: { kind: "text" as const, text: "vip" } };
    expect(compileCondition({ combine: "all", rules: [rule] })).toBe("{% $contains($tags, 'vip') %}");
    expect(compileCondition({ combine: "all", rules: [rule] }, new Set(["$tags"]))).toBe("{% 'vip' in $tags %}");
  });
});

describe("operands typed by people", () => {
  it("reads paths, numbers and text", () => {
    expect(operandFromText("$customer.address", undefined)).toEqual({ kind: "path", path: "$customer.address" });
    expect(operandFromText("200", undefined)).toEqual({ kind: "number", value: 200 });
    expect(operandFromText("200", "string")).toEqual({ kind: "text", text: "200" });
    expect(operandFromText("gold", "string")).toEqual({ kind: "text", text: "gold" });
    expect(operandText({ kind: "number", value: 2.5 })).toBe("2.5");
  });
});
