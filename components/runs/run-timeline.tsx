"use client";

import { memo, useMemo, useState } from "react";
import { timeline, type TimelineEntry } from "./timeline";

type History = Parameters<typeof timeline>[0];

/** Entries shown at first: a live page of a long run redraws only these (the rest on request). */
export const TIMELINE_SHOWN = 50;

/**
 * The run's timeline, newest entries last. Only the latest TIMELINE_SHOWN are drawn until the person asks for all, and
 * an entry already drawn is not drawn again when a transition arrives: a delta costs the same on a run of any length.
 */
export function RunTimeline({
  definition,
  transitions,
  path,
  reused,
  escalations,
  escalationEvents,
  lastSeq,
  title,
}: History & { lastSeq: number; title: (stateId: string) => string }) {
  const [all, setAll] = useState(false);
  const entries = useMemo(
    () => timeline({ definition, transitions, path, reused, escalations, escalationEvents }),
    [definition, transitions, path, reused, escalations, escalationEvents],
  );
  const hidden = all ? 0 : Math.max(0, entries.length - TIMELINE_SHOWN);
  return (
    <div className="space-y-2">
      {entries.length > TIMELINE_SHOWN ? (
        <button
          type="button"
          aria-expanded={all}
          onClick={() => setAll(!all)}
          className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          {all ? `Show only the latest ${TIMELINE_SHOWN} entries` : `Show all ${entries.length} entries (${hidden} earlier)`}
        </button>
      ) : null}
      <ol aria-label="Timeline" data-last-seq={lastSeq} className="space-y-2 border-l border-slate-200 pl-4 text-sm">
        {entries.slice(hidden).map((t) => (
          <TimelineItem key={t.key} {...itemProps(t, title)} />
        ))}
      </ol>
    </div>
  );
}

function itemProps(t: TimelineEntry, title: (stateId: string) => string) {
  return {
    label: t.label,
    note: t.note,
    logLevel: t.logLevel,
    at: new Date(t.at).getTime(),
    place: t.where ? `at “${title(t.where)}”` : t.status,
    then: t.then ? title(t.then) : null,
  };
}

/** One entry; its props are plain values, so an entry that did not change is not rendered again. */
const TimelineItem = memo(function TimelineItem(props: ReturnType<typeof itemProps>) {
  return (
    <li>
      <div
        className={
          props.logLevel ? `break-words font-mono text-xs ${LOG_TONE[props.logLevel] ?? "text-slate-600"}` : "text-slate-800"
        }
      >
        {props.label}
      </div>
      {props.note ? <div className="text-slate-600 italic">“{props.note}”</div> : null}
      <div className="text-xs text-slate-500">
        {new Date(props.at).toLocaleTimeString()} · {props.place}
        {props.then ? ` → “${props.then}”` : ""}
      </div>
    </li>
  );
});

/** A server's log message in the timeline, by its MCP level. */
const LOG_TONE: Record<string, string> = {
  debug: "text-slate-500",
  info: "text-slate-600",
  notice: "text-slate-700",
  warning: "text-amber-700",
  error: "text-red-700",
  critical: "text-red-700",
  alert: "text-red-700",
  emergency: "text-red-700",
};
