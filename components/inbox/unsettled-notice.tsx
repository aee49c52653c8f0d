"use client";

/** Steps whose last call may have happened (it timed out, or a crash left it unanswered), from an item's details. */
export function unsettledOf(details: unknown): { stateId: string; title: string; idempotencyKey: string }[] {
  const list = (details as { unsettled?: unknown } | null)?.unsettled;
  return Array.isArray(list) ? (list as { stateId: string; title: string; idempotencyKey: string }[]) : [];
}

/** Tells the person what going back to such a step does: the same operation is sent again, with the same key. */
export function UnsettledNotice({ details }: { details: unknown }) {
  const steps = unsettledOf(details);
  if (steps.length === 0) return null;
  return (
    <div role="note" data-testid="unsettled-calls" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
      {steps.map((s) => (
        <p key={s.stateId}>
          The last call of “{s.title}” has an unknown outcome (it timed out or was interrupted): it may have happened. Going back
          to it sends the same request again with the same idempotency key{" "}
          <span className="font-mono text-xs">{s.idempotencyKey}</span>, so a server that honours keys does it at most once; check
          with the server first if it does not.
        </p>
      ))}
    </div>
  );
}
