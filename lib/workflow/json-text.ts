/**
 * Reading a definition from JSON text (import). JSON.parse silently keeps the
 * last of two equal keys; a workflow with two states of the same id must be
 * refused instead, so the text is scanned for duplicate keys first.
 */
import { jsonErrorOffset } from "./json-syntax";
import { jsonDepthProblem } from "./json-depth";

/** Enough to name the problem; a text with thousands of duplicates is not worth listing in full. */
const MAX_DUPLICATES_LISTED = 50;

export type JsonTextResult =
  { ok: true; value: unknown; duplicates: { path: (string | number)[]; key: string }[] } | { ok: false; message: string };

export function parseJsonText(text: string): JsonTextResult {
  const deep = jsonDepthProblem(text);
  if (deep) return { ok: false, message: deep };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: describeSyntaxError(text, err) };
  }
  return { ok: true, value, duplicates: findDuplicateKeys(text) };
}

function describeSyntaxError(text: string, err: unknown): string {
  const offset = jsonErrorOffset(text);
  if (offset === null) return `The file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const found = offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : "it ends too early";
  return `The file is not valid JSON: ${found} at line ${line}, column ${column}`;
}

interface Frame {
  kind: "object" | "array";
  keys: Set<string>;
  index: number;
  key: string | number | undefined;
  expectKey: boolean;
}

/**
 * Finds keys that occur twice in one object, with the path of that object: one pass, linear in the text (the path is
 * built only for the first MAX_DUPLICATES_LISTED duplicates; callers bound the depth first).
 */
export function findDuplicateKeys(text: string): { path: (string | number)[]; key: string }[] {
  const found: { path: (string | number)[]; key: string }[] = [];
  const stack: Frame[] = [];
  let pendingKey: string | number | undefined;
  const path = () => stack.slice(1).map((f) => f.key as string | number);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key) && found.length < MAX_DUPLICATES_LISTED) found.push({ path: path(), key });
        top.keys.add(key);
        top.expectKey = false;
        pendingKey = key;
      }
      i = end;
    } else if (ch === "{" || ch === "[") {
      const top = stack[stack.length - 1];
      const key = top?.kind === "array" ? top.index : pendingKey;
      stack.push({ kind: ch === "{" ? "object" : "array", keys: new Set(), index: 0, key, expectKey: ch === "{" });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "object") top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
