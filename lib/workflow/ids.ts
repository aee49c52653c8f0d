/** Rules for the stable identifiers used as keys in a definition. */
export const STATE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Names the executor binds itself; a workflow may not assign them. */
export const RESERVED_VARIABLES = ["input", "result", "error", "run", "state", "now"] as const;

export function isValidStateId(id: string): boolean {
  return STATE_ID_PATTERN.test(id);
}

export function isValidVariableName(name: string): boolean {
  return VARIABLE_NAME_PATTERN.test(name) && !(RESERVED_VARIABLES as readonly string[]).includes(name);
}

/**
 * Derives a readable, valid, unused state id from a display name, e.g.
 * "Look up customer" -> "look_up_customer", "look_up_customer_2" when taken.
 */
export function deriveStateId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(\d)/, "s_$1")
      .slice(0, 48) || "state";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
