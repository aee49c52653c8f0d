/**
 * What a run page derives from the run's history, the same on the server (runs.get) and in the browser (after
 * applying a live delta: components/runs/apply-run-delta.ts). Pure.
 */

/** Steps a person skipped: a skip_step event applies to the step the run was waiting at (the transition before's). */
export function skippedStates(transitions: readonly { event: unknown; stateId: string | null }[]): string[] {
  const out: string[] = [];
  transitions.forEach((t, i) => {
    const at = transitions[i - 1]?.stateId;
    if ((t.event as { type?: string } | null)?.type === "skip_step" && at) out.push(at);
  });
  return out;
}

/** Where a finished run that did not succeed went wrong: the last step on its path whose last attempt failed. */
export function failedStep(
  status: string,
  path: readonly string[],
  attempts: readonly { stateId: string; purpose: string; status: string }[],
): string | null {
  if (status === "succeeded") return null;
  for (const stateId of [...path].reverse()) {
    const last = attempts.filter((a) => a.stateId === stateId && a.purpose === "step").at(-1);
    if (last) return last.status === "failed" || last.status === "unknown" ? stateId : null;
  }
  return null;
}
