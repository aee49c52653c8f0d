/** A problem found in a workflow definition, located by a path. */
export interface Problem {
  /** Where: e.g. ["states", "lookup", "retry", "maxAttempts"]. */
  path: (string | number)[];
  /** The state the problem belongs to, when it belongs to one. */
  stateId?: string | undefined;
  /** The field inside the state (or the document), e.g. "retry.maxAttempts". */
  field?: string | undefined;
  /** A plain-language explanation. */
  message: string;
  /** Errors block publishing; warnings do not. */
  severity: "error" | "warning";
  /** A stable machine-readable code, e.g. "unknown_target". */
  code: string;
}

export function problem(
  path: (string | number)[],
  code: string,
  message: string,
  severity: Problem["severity"] = "error",
): Problem {
  const inState = path[0] === "states" || path[0] === "layout" ? path[1] : undefined;
  const stateId = typeof inState === "string" ? inState : undefined;
  const rest = stateId !== undefined ? path.slice(2) : path;
  const field = rest.length > 0 ? formatPath(rest) : undefined;
  return { path, stateId, field, message, severity, code };
}

/** Renders a path as text: states.lookup.catch[0].next */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
