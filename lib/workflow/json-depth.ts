/**
 * How deep JSON may nest wherever Switchyard accepts it (imports, HTTP bodies, tRPC inputs). Deeper input is refused
 * with a message naming the limit, before anything recursive (parsing positions, validation, storage) walks it: a
 * payload of 10,000 nested arrays would otherwise overflow the stack.
 */
export const MAX_JSON_DEPTH = 100;

/** One pass over the text, outside strings: a message when brackets nest deeper than `max`, else null. */
export function jsonDepthProblem(text: string, max = MAX_JSON_DEPTH): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return `The JSON nests deeper than ${max} levels (the limit)`;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return null;
}

/** The same check for a value already parsed (iterative, so any depth is safe to measure). */
export function valueDepthProblem(value: unknown, max = MAX_JSON_DEPTH): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return `The JSON nests deeper than ${max} levels (the limit)`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}
