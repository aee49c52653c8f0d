"use client";

import Link from "next/link";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import type { AlertView } from "@/server/services/stuck/stuck-alerts";
import { RelativeTime } from "@/components/ui/time";
import { Badge } from "@/components/ui/badge";

/** Runs that are not moving, and why; each links to its run. */
export function AlertsPanel({ alerts }: { alerts: AlertView[] }) {
  if (alerts.length === 0)
    return (
      <p className="flex items-center gap-2 rounded-xl border border-slate-200 bg-white px-5 py-4 text-sm text-slate-600">
        <CheckCircle2 className="h-4 w-4 text-emerald-600" aria-hidden />
        No stuck runs. Runs waiting for a person past their SLA, retrying for too long, waiting on an open breaker, with a tool
        call past its timeout, held by an engine that vanished, or without a transition for too long would show here.
      </p>
    );
  return (
    <ul aria-label="Stuck runs" className="divide-y divide-amber-100 overflow-hidden rounded-xl border border-amber-200 bg-white">
      {alerts.map((a) => (
        <li key={a.id}>
          <Link href={`/runs/${a.runId}`} className="flex items-start gap-3 px-5 py-3 hover:bg-amber-50/60">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                <Badge tone="amber">{a.label}</Badge>
                <span className="truncate">{a.workflowName}</span>
                {a.stateId ? <span className="font-normal text-slate-500">at {a.stateId}</span> : null}
              </div>
              <p className="mt-0.5 text-sm text-slate-700">{a.message}</p>
              <p className="mt-0.5 truncate text-xs text-slate-500">
                <span className="font-mono">{a.runId}</span> · raised <RelativeTime date={new Date(a.raisedAt)} />
              </p>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
