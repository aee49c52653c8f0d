/**
 * Conditions of a decision step as readable rules ("Order total at most 200")
 * combined with all/any, compiled to a JSONata "{% ... %}" string and parsed
 * back. What the builder cannot represent parses to null (edit as expression).
 */
import jsonata from "jsonata";
import { unwrapExpression, wrapExpression } from "./autocomplete";

export const OPERATORS = {
  eq: { label: "is", symbol: "=", needsValue: true },
  ne: { label: "is not", symbol: "!=", needsValue: true },
  gt: { label: "greater than", symbol: ">", needsValue: true },
  ge: { label: "at least", symbol: ">=", needsValue: true },
  lt: { label: "less than", symbol: "<", needsValue: true },
  le: { label: "at most", symbol: "<=", needsValue: true },
  contains: { label: "contains", symbol: null, needsValue: true },
  empty: { label: "is empty", symbol: null, needsValue: false },
  not_empty: { label: "is not empty", symbol: null, needsValue: false },
  true: { label: "is true", symbol: null, needsValue: false },
  false: { label: "is false", symbol: null, needsValue: false },
} as const;
export type Operator = keyof typeof OPERATORS;

/** The right-hand side: a text, a number, or another piece of data ($path). */
export type Operand = { kind: "text"; text: string } | { kind: "number"; value: number } | { kind: "path"; path: string };

export interface Rule {
  /** A data path, e.g. "$order.total"; "" while not chosen yet. */
  field: string;
  operator: Operator;
  value?: Operand | undefined;
}

export interface Condition {
  combine: "all" | "any";
  rules: Rule[];
}

const PATH = /^\$[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isPath(text: string): boolean {
  return PATH.test(text);
}

/** Whether a rule is complete enough to be compiled. */
export function isComplete(rule: Rule): boolean {
  return isPath(rule.field) && (!OPERATORS[rule.operator].needsValue || rule.value !== undefined);
}

function literal(operand: Operand): string {
  switch (operand.kind) {
    case "number":
      return String(operand.value);
    case "path":
      return operand.path;
    case "text":
      return /['\\\n\r\t]/.test(operand.text) ? JSON.stringify(operand.text) : `'${operand.text}'`;
  }
}

function compileRule(rule: Rule, listField: boolean): string {
  const f = rule.field;
  const v = rule.value ? literal(rule.value) : "''";
  switch (rule.operator) {
    case "contains":
      return listField ? `${v} in ${f}` : `$contains(${f}, ${v})`;
    case "empty":
      return `($not($exists(${f})) or ${f} = '')`;
    case "not_empty":
      return `($exists(${f}) and ${f} != '')`;
    case "true":
      return `${f} = true`;
    case "false":
      return `${f} = false`;
    default:
      return `${f} ${OPERATORS[rule.operator].symbol} ${v}`;
  }
}

/**
 * The "{% ... %}" string of a condition (complete rules only); "{% true %}" with
 * no rules. `listFields` are paths known to be lists (contains -> "in").
 */
export function compileCondition(condition: Condition, listFields: ReadonlySet<string> = new Set()): string {
  const parts = condition.rules.filter(isComplete).map((r) => compileRule(r, listFields.has(r.field)));
  if (parts.length === 0) return "{% true %}";
  return wrapExpression(parts.join(condition.combine === "all" ? " and " : " or ")) ?? "{% true %}";
}

type Node = { type: string; value?: unknown; [key: string]: unknown };

/** The builder's view of a "{% ... %}" condition, or null when it cannot show it. */
export function parseCondition(when: string): Condition | null {
  const source = unwrapExpression(when);
  if (source === null) return null;
  let ast: Node;
  try {
    ast = jsonata(source).ast() as Node;
  } catch {
    return null;
  }
  if (ast.type === "value" && ast.value === true) return { combine: "all", rules: [] };
  const op = ast.type === "binary" && (ast.value === "and" || ast.value === "or") ? (ast.value as string) : "and";
  const rules = flatten(ast, op).map(parseRule);
  if (rules.some((r) => r === null)) return null;
  return { combine: op === "and" ? "all" : "any", rules: rules as Rule[] };
}

function flatten(node: Node, op: string): Node[] {
  if (node.type === "binary" && node.value === op) return [...flatten(node.lhs as Node, op), ...flatten(node.rhs as Node, op)];
  return [node];
}

const SYMBOLS: Record<string, Operator> = { "=": "eq", "!=": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le" };

function parseRule(node: Node): Rule | null {
  if (node.type === "block") return parseEmptiness(node);
  if (node.type === "function") {
    const args = node.arguments as Node[];
    if (procedure(node) !== "contains" || args.length !== 2) return null;
    const field = pathOf(args[0] as Node);
    const value = operandOf(args[1] as Node);
    return field && value ? { field, operator: "contains", value } : null;
  }
  if (node.type !== "binary") return null;
  const lhs = node.lhs as Node;
  const rhs = node.rhs as Node;
  if (node.value === "in") {
    const field = pathOf(rhs);
    const value = operandOf(lhs);
    return field && value ? { field, operator: "contains", value } : null;
  }
  const operator = SYMBOLS[node.value as string];
  const field = pathOf(lhs);
  if (!operator || !field) return null;
  if (rhs.type === "value" && typeof rhs.value === "boolean" && operator === "eq") {
    return { field, operator: rhs.value ? "true" : "false" };
  }
  const value = operandOf(rhs);
  return value ? { field, operator, value } : null;
}

/** "($not($exists(F)) or F = '')" and "($exists(F) and F != '')". */
function parseEmptiness(node: Node): Rule | null {
  const inner = (node.expressions as Node[] | undefined) ?? [];
  const only = inner.length === 1 ? inner[0] : undefined;
  if (!only || only.type !== "binary") return null;
  const [a, b] = [only.lhs as Node, only.rhs as Node];
  const empty = only.value === "or";
  const check = empty ? (a.type === "function" && procedure(a) === "not" ? (a.arguments as Node[])[0] : undefined) : a;
  if (!check || check.type !== "function" || procedure(check) !== "exists") return null;
  const field = pathOf((check.arguments as Node[])[0] as Node);
  const compare = b.type === "binary" && b.value === (empty ? "=" : "!=") ? b : undefined;
  const blank = compare?.rhs as Node | undefined;
  if (!field || !compare || pathOf(compare.lhs as Node) !== field || blank?.type !== "string" || blank.value !== "") return null;
  return { field, operator: empty ? "empty" : "not_empty" };
}

function procedure(node: Node): string | undefined {
  const p = node.procedure as Node | undefined;
  return p?.type === "variable" ? (p.value as string) : undefined;
}

const PLAIN_STEP = new Set(["type", "value", "position"]);

function pathOf(node: Node): string | null {
  const steps = node.type === "path" ? (node.steps as Node[]) : [node];
  const [first, ...rest] = steps;
  if (!first || first.type !== "variable" || first.value === "") return null;
  if (!steps.every((s) => Object.keys(s).every((k) => PLAIN_STEP.has(k)))) return null;
  if (!rest.every((s) => s.type === "name")) return null;
  const path = `$${[first, ...rest].map((s) => String(s.value)).join(".")}`;
  return isPath(path) ? path : null;
}

function operandOf(node: Node): Operand | null {
  if (node.type === "string") return { kind: "text", text: node.value as string };
  if (node.type === "number") return { kind: "number", value: node.value as number };
  const path = pathOf(node);
  return path ? { kind: "path", path } : null;
}

/** What a person typed as a value: $path, a number (unless the field is text), or text. */
export function operandFromText(text: string, fieldType: string | undefined): Operand {
  const t = text.trim();
  if (isPath(t)) return { kind: "path", path: t };
  if (fieldType !== "string" && t !== "" && /^-?\d+(\.\d+)?$/.test(t)) return { kind: "number", value: Number(t) };
  return { kind: "text", text };
}

export function operandText(operand: Operand | undefined): string {
  if (!operand) return "";
  return operand.kind === "number" ? String(operand.value) : operand.kind === "path" ? operand.path : operand.text;
}
