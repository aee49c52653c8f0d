/**
 * Keeps the previous drawing's objects where nothing changed, so React Flow's memoized nodes and edges skip
 * re-rendering: a live run page redraws on every transition, and only the steps whose status changed should cost.
 */

/** Structural equality of plain data (objects, arrays, dates, primitives); the same reference is equal at once. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, NO_KEYS);
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Equal fields, apart from `ignore` (a field left undefined counts as absent). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, ignore: ReadonlySet<string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!ignore.has(key) && !sameValue(a[key], b[key])) return false;
  }
  return true;
}

/**
 * `next`, with each item that equals (apart from `ignore`) the previous item of the same id replaced by that previous
 * object; `prev` itself when every item was kept in the same order.
 */
export function keepUnchanged<T extends { id: string }>(
  next: readonly T[],
  prev: readonly T[],
  ignore: ReadonlySet<string> = NO_KEYS,
): T[] {
  const old = new Map(prev.map((item) => [item.id, item]));
  let all = next.length === prev.length;
  const out = next.map((item, i) => {
    const p = old.get(item.id);
    const kept = p !== undefined && sameFields(item, p, ignore);
    if (!kept || prev[i] !== p) all = false;
    return kept ? p : item;
  });
  return all ? (prev as T[]) : out;
}
