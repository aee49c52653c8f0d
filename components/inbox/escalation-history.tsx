"use client";

import type { ReactNode } from "react";

type Entry =
  | { kind: "opened"; at: Date; group: string | null }
  | {
      kind: "claimed" | "unclaimed" | "reassigned";
      at: Date;
      by: string;
      note: string;
      fromGroup: string | null;
      toGroup: string | null;
    }
  | { kind: "resolved" | "expired"; at: Date; by: string | null; note: string; decision: string | null }
  | { kind: "notified"; at: Date; event: string; status: string; attempts: number; lastError: string | null };

const DECISIONS: Record<string, string> = {
  retry: "retried the step",
  skip: "skipped the step",
  cancel: "aborted the run",
  "timed out": "nobody decided in time: the timeout route was taken",
};

function Strong({ children }: { children: ReactNode }) {
  return <strong className="font-medium text-slate-900">{children}</strong>;
}

function describe(e: Entry): ReactNode {
  switch (e.kind) {
    case "opened":
      return (
        <>
          Opened
          {e.group ? (
            <>
              {" "}
              for group <Strong>{e.group}</Strong>
            </>
          ) : null}
        </>
      );
    case "claimed":
      return (
        <>
          <Strong>{e.by}</Strong> claimed it
        </>
      );
    case "unclaimed":
      return (
        <>
          <Strong>{e.by}</Strong> unclaimed it
        </>
      );
    case "reassigned":
      return (
        <>
          <Strong>{e.by}</Strong> reassigned it {e.fromGroup ? <>from {e.fromGroup} </> : null}to{" "}
          <Strong>{e.toGroup ?? "no group"}</Strong>
        </>
      );
    case "resolved":
    case "expired": {
      const what = e.decision ? (DECISIONS[e.decision] ?? e.decision) : e.kind;
      if (e.kind === "expired") return <>Expired: the SLA passed and the step has no timeout route</>;
      return e.by === "sla" ? (
        <>Resolved: {what}</>
      ) : (
        <>
          <Strong>{e.by ?? "Someone"}</Strong> {what}
        </>
      );
    }
    case "notified": {
      const event = e.event === "escalation.overdue" ? "overdue" : "new item";
      const tries = `${e.attempts} attempt${e.attempts === 1 ? "" : "s"}`;
      if (e.status === "delivered")
        return (
          <>
            Webhook notified ({event}, {tries})
          </>
        );
      if (e.status === "failed")
        return (
          <>
            Webhook gave up ({event}, {tries}: {e.lastError})
          </>
        );
      return (
        <>
          Webhook pending ({event}
          {e.attempts > 0 ? `, ${tries}, last: ${e.lastError ?? "?"}` : ""})
        </>
      );
    }
  }
}

/** What happened to the item, oldest first, with who and their notes. */
export function EscalationHistory({ entries }: { entries: Entry[] }) {
  return (
    <ol aria-label="History" className="space-y-2.5 border-l border-slate-200 pl-4 text-sm">
      {entries.map((e, i) => (
        <li key={i} className="relative">
          <span className="absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full bg-slate-300 ring-2 ring-white" aria-hidden />
          <div className="text-slate-700">{describe(e)}</div>
          {"note" in e && e.note ? <div className="mt-0.5 text-slate-600 italic">“{e.note}”</div> : null}
          <div className="text-xs text-slate-500">{new Date(e.at).toLocaleString()}</div>
        </li>
      ))}
    </ol>
  );
}
