/**
 * Ids of branch and item runs (docs/parallel-map.md): `<parent>.<state>.<visit>.<branch or index>`, and for a child
 * restarted by a retry of its step `...~<attempt>`. A succeeded child keeps its id (a retry reuses its output).
 */
export function childRunId(prefix: string, key: string, attempt = 1): string {
  return attempt > 1 ? `${prefix}.${key}~${attempt}` : `${prefix}.${key}`;
}

/** The branch name or item index and the attempt of a child id under `prefix` (null: not a child of it). */
export function parseChildRunId(
  prefix: string,
  childId: string,
  isKey: (key: string) => boolean = () => false,
): { key: string; attempt: number } | null {
  if (!childId.startsWith(`${prefix}.`)) return null;
  const rest = childId.slice(prefix.length + 1);
  if (isKey(rest)) return { key: rest, attempt: 1 };
  const m = /^(.*)~(\d+)$/.exec(rest);
  if (!m) return { key: rest, attempt: 1 };
  return { key: m[1]!, attempt: Number(m[2]) };
}
