import { describe, expect, it } from "vitest";
import {
  applyCompletion,
  convertValue,
  looseReference,
  expressionProblem,
  insidePlaceholder,
  matchScope,
  tokenAt,
  tokenOrCaret,
  unwrapExpression,
  wrapExpression,
} from "./autocomplete";

const scope = [
  { path: "$input", source: "Workflow input" },
  { path: "$input.customerEmail", source: "Workflow input" },
  { path: "$customer", source: "Set by Look up the customer" },
  { path: "$order", source: "Set by Check the order" },
];

describe("tokenAt", () => {
  it("finds the path being typed", () => {
    expect(tokenAt("$cus", 4)).toEqual({ start: 0, query: "$cus" });
    expect(tokenAt("$order.total > $in", 18)).toEqual({ start: 15, query: "$in" });
    expect(tokenAt("Hello {% $input.cu", 18)).toEqual({ start: 9, query: "$input.cu" });
  });
  it("is null outside a path", () => {
    expect(tokenAt("total > 3", 9)).toBeNull();
    expect(tokenAt("$a and b", 8)).toBeNull();
  });
  it("falls back to the caret for Ctrl+Space", () => {
    expect(tokenOrCaret("a = ", 4)).toEqual({ start: 4, query: "" });
  });
});

describe("matchScope", () => {
  it("puts prefix matches first and ignores case and $", () => {
    expect(matchScope(scope, "$CUST").map((v) => v.path)).toEqual(["$customer", "$input.customerEmail"]);
    expect(matchScope(scope, "$").length).toBe(4);
    expect(matchScope(scope, "zzz")).toEqual([]);
  });
});

describe("applyCompletion", () => {
  it("replaces the typed part in an expression", () => {
    expect(applyCompletion("$cu = 1", { start: 0, query: "$cu" }, 3, "$customer", "expression")).toEqual({
      text: "$customer = 1",
      caret: 9,
    });
  });
  it("wraps the path in a template outside a placeholder", () => {
    expect(applyCompletion("Hi $cu", { start: 3, query: "$cu" }, 6, "$customer", "template")).toEqual({
      text: "Hi {% $customer %}",
      caret: 18,
    });
  });
  it("does not wrap inside a placeholder", () => {
    const text = "Hi {% $cu %}";
    expect(insidePlaceholder(text, 9)).toBe(true);
    expect(applyCompletion(text, { start: 6, query: "$cu" }, 9, "$customer", "template").text).toBe("Hi {% $customer %}");
  });
});

describe("expressionProblem", () => {
  it("accepts good expressions and templates", () => {
    expect(expressionProblem("$a.b = 'x'", "expression")).toBeNull();
    expect(expressionProblem("", "expression")).toBeNull();
    expect(expressionProblem("Dear {% $customer.name %}", "template")).toBeNull();
  });
  it("reports syntax errors", () => {
    expect(expressionProblem("$a = ", "expression")).toMatch(/character/);
    expect(expressionProblem("Dear {% $customer.name", "template")).toMatch(/not closed/);
    expect(expressionProblem("Dear {% $a + %}", "template")).toMatch(/^In \{%/);
  });
});

describe("wrap and unwrap", () => {
  it("round-trips source exactly", () => {
    expect(unwrapExpression("{% $input.x %}")).toBe("$input.x");
    expect(unwrapExpression("{% $a  %}")).toBe("$a ");
    expect(wrapExpression("$a ")).toBe("{% $a  %}");
    expect(unwrapExpression(wrapExpression("$a ") ?? "")).toBe("$a ");
  });
  it("rejects templates and non-strings", () => {
    expect(unwrapExpression("Order {% $x %}")).toBeNull();
    expect(unwrapExpression("{% $a %} and {% $b %}")).toBeNull();
    expect(unwrapExpression(3)).toBeNull();
    expect(wrapExpression("  ")).toBeUndefined();
  });
});

describe("convertValue", () => {
  it("keeps constants when switching modes", () => {
    expect(convertValue("abc", "expression")).toBe('{% "abc" %}');
    expect(convertValue(42, "expression")).toBe("{% 42 %}");
    expect(convertValue('{% "abc" %}', "literal")).toBe("abc");
    expect(convertValue("{% 42 %}", "literal")).toBe(42);
  });
  it("clears what cannot be carried over", () => {
    expect(convertValue("{% $input.x %}", "literal")).toBeUndefined();
    expect(convertValue(undefined, "expression")).toBeUndefined();
    expect(convertValue("", "expression")).toBeUndefined();
  });
});

describe("looseReference", () => {
  it("finds data written as plain text", () => {
    expect(looseReference("Refund $customer.name now", scope)).toBe("$customer.name");
    expect(looseReference("Refund {% $customer.name %}", scope)).toBeNull();
    expect(looseReference("Costs $5 or $unknown", scope)).toBeNull();
  });
});
