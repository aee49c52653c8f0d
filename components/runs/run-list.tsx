"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight, PlayCircle } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { RunStatus } from "./run-status";

const FILTERS = [
  ["", "All"],
  ["running", "Running"],
  ["retrying", "Retrying"],
  ["waiting", "Waiting"],
  ["succeeded", "Succeeded"],
  ["failed", "Failed"],
  ["cancelled", "Cancelled"],
] as const;

export function RunList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState("");
  const runs = useQuery(trpc.runs.list.queryOptions(status ? { status } : {}, { refetchInterval: 2000 }));
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of a workflow: where it is, what each step did, retries and errors."
      />
      <div className="px-8 py-6">
        <div className="mb-4 flex flex-wrap gap-1" role="group" aria-label="Filter by status">
          {FILTERS.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={status === value}
              onClick={() => setStatus(value)}
              className={`rounded-md px-3 py-1.5 text-sm ${status === value ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {label}
            </button>
          ))}
        </div>
        {runs.isPending ? (
          <p className="text-sm text-slate-500">Loading runs…</p>
        ) : runs.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
            Could not load runs: {describeError(runs.error).message}
          </p>
        ) : runs.data.runs.length === 0 ? (
          <EmptyState
            icon={<PlayCircle className="h-6 w-6" aria-hidden />}
            title={status ? "No runs with this status" : "No runs yet"}
          >
            Runs appear here once a published workflow is started: open a workflow and press “Start run”, or POST its input to
            /api/workflows/&lt;id&gt;/runs.
          </EmptyState>
        ) : (
          <ul aria-label="Runs" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white">
            {runs.data.runs.map((r) => (
              <li key={r.id}>
                <Link href={`/runs/${r.id}`} className="flex items-center gap-4 px-5 py-3 hover:bg-slate-50">
                  <RunStatus status={r.status} />
                  <div className="min-w-0 flex-1">
                    <div className="truncate text-sm font-medium text-slate-900">
                      {r.workflowName} <span className="font-normal text-slate-500">v{r.version}</span>
                    </div>
                    <div className="truncate text-xs text-slate-500">
                      <span className="font-mono">{r.id}</span>
                      {r.currentState ? ` · at ${r.currentState}` : ""}
                      {r.failure ? ` · ${r.failure.message}` : ""}
                    </div>
                  </div>
                  <div className="shrink-0 text-xs text-slate-500">
                    Started <RelativeTime date={r.createdAt} />
                  </div>
                  <ChevronRight className="h-4 w-4 text-slate-400" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
