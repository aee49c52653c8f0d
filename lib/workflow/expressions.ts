/**
 * JSONata expressions inside definitions.
 *
 * - A string that is exactly "{% expr %}" is an expression; its value may be of
 *   any JSON type.
 * - A string that contains "{% expr %}" among other text is a template; each
 *   placeholder is evaluated and inserted as text.
 * - Any other string is a literal.
 */
import jsonata from "jsonata";
import { ExpressionLimitError, checkResult, evaluationEnded, join, jsonataGuards, limitOf, pad, tick } from "./expression-limits";

export type Template =
  | { kind: "literal"; value: string }
  | { kind: "expression"; source: string }
  | { kind: "text"; parts: ({ text: string } | { source: string })[] };

const PLACEHOLDER = /\{%([\s\S]*?)%\}/g;

export function parseTemplate(value: string): Template {
  const trimmed = value.trim();
  if (trimmed.startsWith("{%") && trimmed.endsWith("%}") && trimmed.indexOf("%}") === trimmed.length - 2) {
    return { kind: "expression", source: trimmed.slice(2, -2).trim() };
  }
  const parts: ({ text: string } | { source: string })[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: value.slice(last, match.index) });
    parts.push({ source: (match[1] ?? "").trim() });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return { kind: "literal", value };
  if (last < value.length) parts.push({ text: value.slice(last) });
  return { kind: "text", parts };
}

/** Whether a string holds an expression or placeholders. */
export function isDynamic(value: string): boolean {
  return parseTemplate(value).kind !== "literal";
}

/**
 * A template for display where no data is at hand (the designer, overviews):
 * placeholders become ‹name›, e.g. "Review {% $customer.name %}" -> "Review ‹customer.name›".
 */
export function previewTemplate(value: string): string {
  const t = parseTemplate(value);
  const show = (source: string) => `‹${source.replace(/^\$/, "")}›`;
  if (t.kind === "literal") return t.value;
  if (t.kind === "expression") return show(t.source);
  return t.parts.map((p) => ("text" in p ? p.text : show(p.source))).join("");
}

/** Wraps expression source as a "{% ... %}" string. */
export function expression(source: string): string {
  return `{% ${source} %}`;
}

/** The sources of every expression in a template (empty for literals). */
export function expressionSources(value: string): string[] {
  const t = parseTemplate(value);
  if (t.kind === "expression") return [t.source];
  if (t.kind === "text") return t.parts.flatMap((p) => ("source" in p ? [p.source] : []));
  return [];
}

/** Returns a readable syntax error, or null when the expression parses. */
export function checkExpression(source: string): string | null {
  if (source.trim() === "") return "The expression is empty";
  try {
    jsonata(source);
    return null;
  } catch (err) {
    return describeJsonataError(err);
  }
}

export function describeJsonataError(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err) {
    const e = err as { message: string; position?: number; token?: string };
    const at = e.position !== undefined ? ` (at character ${e.position})` : "";
    return `${e.message}${at}`;
  }
  return String(err);
}

export type Bindings = Record<string, unknown>;

/**
 * Evaluates a JSON value in which strings may be expressions or templates.
 * Objects and arrays are evaluated recursively. Bindings become $variables.
 * Each expression is bounded (expression-limits.ts); over a limit this throws an ExpressionLimitError naming where in
 * the value the expression is (e.g. `customer.name`).
 */
export async function evaluateValue(value: unknown, bindings: Bindings): Promise<unknown> {
  return evaluateAt(value, bindings, "");
}

async function evaluateAt(value: unknown, bindings: Bindings, path: string): Promise<unknown> {
  if (typeof value === "string") return evaluateString(value, bindings, path);
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => evaluateAt(v, bindings, `${path}[${i}]`)));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, so a key named "__proto__" stays a key like any other.
      Object.defineProperty(out, k, {
        value: await evaluateAt(v, bindings, path ? `${path}.${k}` : k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

async function evaluateString(value: string, bindings: Bindings, path: string): Promise<unknown> {
  const t = parseTemplate(value);
  switch (t.kind) {
    case "literal":
      return t.value;
    case "expression":
      return evaluateExpression(t.source, bindings, path);
    case "text": {
      let out = "";
      for (const part of t.parts) {
        out += "text" in part ? part.text : stringify(await evaluateExpression(part.source, bindings, path));
      }
      return out;
    }
  }
}

export async function evaluateExpression(source: string, bindings: Bindings, path = ""): Promise<unknown> {
  let result: unknown;
  try {
    result = await compiled(source).evaluate({}, bindings);
  } catch (err) {
    const limit = limitOf(err);
    if (limit) throw new ExpressionLimitError(limit.limit, limit.value, path, source);
    throw err;
  } finally {
    evaluationEnded();
  }
  return normalize(result);
}

/** Whether an error is an evaluation stopped at a limit (kind `expression_limit`). */
export function isExpressionLimit(err: unknown): err is ExpressionLimitError {
  return err instanceof ExpressionLimitError;
}

/**
 * Compiled expressions, by source. Parsing is most of the cost of a small expression, and a workflow evaluates the same
 * few sources over and over. Sharing one compiled expression between evaluations (also concurrent ones) is safe: each
 * `evaluate` works in a frame of its own over the expression's static environment, with its own bindings and its own
 * `$now()` timestamp. The functions and hooks assigned at compile time are the same for every evaluation: the exit hook
 * checks each node's result against the limits, `$pad` and `$join` are bounded versions, and `/regex/` literals run
 * on RE2 (linear time, no catastrophic backtracking).
 */
const cache = new Map<string, jsonata.Expression>();
const MAX_CACHED = 5_000;

function compiled(source: string): jsonata.Expression {
  let expr = cache.get(source);
  if (expr) {
    // Most recently used last, so the oldest go first when the cache is full.
    cache.delete(source);
  } else {
    expr = jsonata(source, jsonataGuards);
    guard(expr);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  cache.set(source, expr);
  return expr;
}

const ENTRY = Symbol.for("jsonata.__evaluate_entry");
const EXIT = Symbol.for("jsonata.__evaluate_exit");
type Env = { base: object };

function guard(expr: jsonata.Expression): void {
  // JSONata looks its hooks up by these symbols; its types only know string names.
  const hooks = expr as unknown as { assign(name: symbol, value: unknown): void };
  hooks.assign(ENTRY, (_e: unknown, _i: unknown, env: Env) => tick(env.base));
  hooks.assign(EXIT, (_e: unknown, _i: unknown, env: Env, result: unknown) => {
    tick(env.base);
    checkResult(result);
  });
  expr.registerFunction("pad", pad, "<s-ns?:s>");
  expr.registerFunction("join", join, "<a<s>s?:s>");
}

/** JSONata sequences carry a non-JSON marker; turn results into plain JSON. */
function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
