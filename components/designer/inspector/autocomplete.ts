/**
 * Pure logic of the expression autocomplete: which word is being typed at the
 * caret, which data paths match it, and the text after picking one.
 */
import type { ScopeVariable } from "@/lib/workflow/scope";
import { checkExpression } from "@/lib/workflow/expressions";
import type { Json } from "./object-edit";

/** "expression": the whole text is JSONata; "template": text with {% %} placeholders. */
export type ExpressionMode = "expression" | "template";

export interface Token {
  /** Where the typed path starts (its "$"), or the caret when nothing is typed. */
  start: number;
  /** What is typed so far, e.g. "$cust"; empty when nothing is typed. */
  query: string;
}

const PATH_CHARS = /[$A-Za-z0-9_.]*$/;

/** The "$path" being typed before the caret, or null when the caret is not in one. */
export function tokenAt(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  const match = PATH_CHARS.exec(before);
  const word = match ? match[0] : "";
  const dollar = word.lastIndexOf("$");
  if (dollar < 0) return null;
  return { start: caret - word.length + dollar, query: word.slice(dollar) };
}

/** The token for Ctrl+Space: the typed path, or an empty query at the caret. */
export function tokenOrCaret(text: string, caret: number): Token {
  return tokenAt(text, caret) ?? { start: caret, query: "" };
}

/** Scope variables matching a query: paths starting with it first, then containing it. */
export function matchScope(scope: readonly ScopeVariable[], query: string): ScopeVariable[] {
  const q = query.toLowerCase().replace(/^\$/, "");
  if (q === "") return [...scope];
  const key = (v: ScopeVariable) => v.path.toLowerCase().replace(/^\$/, "");
  const starts = scope.filter((v) => key(v).startsWith(q));
  const contains = scope.filter((v) => !key(v).startsWith(q) && key(v).includes(q));
  return [...starts, ...contains];
}

/** Whether the caret is inside an open "{% ... %}" placeholder of a template. */
export function insidePlaceholder(text: string, caret: number): boolean {
  const before = text.slice(0, caret);
  return before.lastIndexOf("{%") > before.lastIndexOf("%}");
}

/**
 * The text after picking `path` for `token`: the typed part is replaced; in a
 * template, outside a placeholder, the path is wrapped as "{% path %}".
 */
export function applyCompletion(
  text: string,
  token: Token,
  caret: number,
  path: string,
  mode: ExpressionMode,
): { text: string; caret: number } {
  const wrap = mode === "template" && !insidePlaceholder(text, token.start);
  const inserted = wrap ? `{% ${path} %}` : path;
  const end = Math.max(caret, token.start + token.query.length);
  return { text: text.slice(0, token.start) + inserted + text.slice(end), caret: token.start + inserted.length };
}

/** A readable problem with an expression or a template, or null. */
export function expressionProblem(text: string, mode: ExpressionMode): string | null {
  if (mode === "expression") return text.trim() === "" ? null : checkExpression(text);
  const opens = text.split("{%").length - 1;
  const closes = text.split("%}").length - 1;
  if (opens !== closes) return "A placeholder is not closed: each {% needs a %}";
  for (const match of text.matchAll(/\{%([\s\S]*?)%\}/g)) {
    const problem = checkExpression(match[1] ?? "");
    if (problem) return `In {%${match[1] ?? ""}%}: ${problem}`;
  }
  return null;
}

const EXPRESSION_STRING = /^\{% ?([\s\S]*?) ?%\}$/;

/** The source inside a "{% source %}" string (kept exactly, spaces included), or null. */
export function unwrapExpression(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = EXPRESSION_STRING.exec(value);
  if (!match) return null;
  const source = match[1] ?? "";
  return source.includes("%}") || source.includes("{%") ? null : source;
}

/** Wraps source as "{% source %}"; empty source means unset. */
export function wrapExpression(source: string): string | undefined {
  return source.trim() === "" ? undefined : `{% ${source} %}`;
}

/**
 * A value carried over when a field switches between a fixed value and data:
 * a fixed value becomes the same constant as an expression ("abc" -> {% "abc" %});
 * an expression that is a constant becomes that value; anything else is cleared.
 */
export function convertValue(value: unknown, to: "literal" | "expression"): Json | undefined {
  if (value === undefined || value === "") return undefined;
  const source = unwrapExpression(value);
  if (to === "expression") return source !== null ? (value as Json) : wrapExpression(JSON.stringify(value));
  if (source === null) return value as Json;
  try {
    return JSON.parse(source) as Json;
  } catch {
    return undefined;
  }
}

/**
 * A "$path" of the scope typed as plain text in a template (outside any
 * placeholder), which is sent as those characters rather than the data; null when none.
 */
export function looseReference(text: string, scope: readonly ScopeVariable[]): string | null {
  const outside = text.replace(/\{%[\s\S]*?%\}/g, " ");
  const roots = new Set(scope.map((v) => v.path.split(".")[0]));
  for (const match of outside.matchAll(/\$[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/g)) {
    if (roots.has(match[0].split(".")[0])) return match[0];
  }
  return null;
}
