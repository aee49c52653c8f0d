/**
 * The sample data "Run this step" starts from: the workflow's input fields with empty values of their types, and the
 * variables earlier steps set (null, or their pinned sample when the step that sets them has one).
 */
import type { ScopeVariable } from "@/lib/workflow/scope";

const OWN = new Set(["$run", "$result", "$decision", "$event", "$error"]);

function emptyOf(type: string | undefined): unknown {
  switch (type) {
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "object":
      return {};
    case "array":
      return [];
    case "string":
      return "";
    default:
      return null;
  }
}

export function defaultSample(scope: readonly ScopeVariable[], known: Record<string, unknown> = {}): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  for (const v of scope) {
    const parts = v.path.split(".");
    const head = parts[0] ?? "";
    if (head === "$input" && parts.length === 2 && parts[1]) input[parts[1]] = emptyOf(v.type);
    else if (parts.length === 1 && !OWN.has(head) && head !== "$input") {
      const name = head.slice(1);
      vars[name] = name in known ? known[name] : emptyOf(v.type);
    }
  }
  return { input, ...vars };
}
