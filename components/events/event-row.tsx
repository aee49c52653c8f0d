"use client";

import Link from "next/link";
import { RelativeTime } from "@/components/ui/time";
import { Badge } from "@/components/ui/badge";

export interface EventRowProps {
  event: { id: string; type: string; key: string | null; payload: unknown; source: string; time: number };
  onType: (type: string) => void;
}

/** "workflow:run_x" links to the run; other sources are shown as they are. */
function Source({ source }: { source: string }) {
  const run = /^workflow:(.+)$/.exec(source)?.[1];
  if (run)
    return (
      <Link href={`/runs/${run}`} className="hover:underline">
        a workflow run
      </Link>
    );
  return <span>{source === "http" ? "the HTTP API" : source === "ui" ? "sent by hand" : source}</span>;
}

export function EventRow({ event: e, onType }: EventRowProps) {
  const payload = e.payload === null ? "" : JSON.stringify(e.payload);
  return (
    <li className="flex items-start gap-4 px-5 py-3 text-sm" data-testid="event-row">
      <button type="button" onClick={() => onType(e.type)} title="Show only events with this name">
        <Badge tone="blue">{e.type}</Badge>
      </button>
      <div className="min-w-0 flex-1">
        <div className="truncate text-slate-900">
          {e.key !== null ? (
            <>
              about <span className="font-mono">{e.key}</span>
            </>
          ) : (
            <span className="text-slate-500">about nothing in particular</span>
          )}
          <span className="text-slate-500"> · from </span>
          <Source source={e.source} />
        </div>
        {payload ? (
          <div className="truncate font-mono text-xs text-slate-500" title={payload}>
            {payload}
          </div>
        ) : null}
      </div>
      <div className="shrink-0 text-xs text-slate-500">
        <RelativeTime date={new Date(e.time)} />
      </div>
    </li>
  );
}
