"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Network, Plus, Search } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/time";
import { NewWorkflowDialog } from "./new-workflow-dialog";
import { ImportButton } from "./import-button";
import { WorkflowStatus } from "./status-badge";
import { useLiveWorkflows } from "./use-live-workflows";
import { describeError } from "./error-message";
import { useAuth } from "@/components/auth/use-auth";

export function WorkflowList() {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const designer = useAuth().can("designer");
  const [search, setSearch] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const list = useQuery(trpc.workflows.list.queryOptions({ includeArchived }));
  useLiveWorkflows();
  const needle = search.trim().toLowerCase();
  const rows = (list.data ?? []).filter(
    (w) => needle === "" || w.name.toLowerCase().includes(needle) || w.description.toLowerCase().includes(needle),
  );
  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus className="h-4 w-4" aria-hidden />
      New workflow
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Each workflow connects tools from your MCP servers into steps that run reliably: with retries, time limits, roll-backs and people in the loop."
        actions={
          designer ? (
            <>
              <ImportButton />
              {newButton}
            </>
          ) : null
        }
      />
      <div className="px-8 py-6">
        {list.isPending ? (
          <p className="text-sm text-slate-500">Loading workflows…</p>
        ) : list.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
            Could not load workflows: {describeError(list.error).message}
          </p>
        ) : list.data.length === 0 && !includeArchived ? (
          <EmptyState
            icon={<Network className="h-6 w-6" aria-hidden />}
            title="No workflows yet"
            actions={
              designer ? (
                <>
                  {newButton}
                  <ImportButton />
                </>
              ) : null
            }
          >
            {designer
              ? "Create a workflow to turn a process, such as handling a customer complaint, into steps that call your MCP tools. Or import a workflow someone exported as JSON."
              : "Designers create workflows; they will show up here."}
          </EmptyState>
        ) : (
          <>
            <div className="mb-4 flex flex-wrap items-center gap-4">
              <label className="relative block w-72">
                <span className="sr-only">Search workflows</span>
                <Search className="pointer-events-none absolute top-2.5 left-3 h-4 w-4 text-slate-400" aria-hidden />
                <input
                  type="search"
                  placeholder="Search by name or description"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  className="block w-full rounded-md border-0 py-2 pr-3 pl-9 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500"
                />
              </label>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
                Show archived
              </label>
            </div>
            {rows.length === 0 ? (
              <p className="text-sm text-slate-500">No workflow matches “{search}”.</p>
            ) : (
              <ul
                className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
                aria-label="Workflows"
              >
                {rows.map((w) => (
                  <li key={w.id}>
                    <Link href={`/workflows/${w.id}`} className="flex items-center gap-4 px-5 py-4 hover:bg-slate-50">
                      <div className="min-w-0 flex-1">
                        <div className="flex flex-wrap items-center gap-3">
                          <span className="truncate font-medium text-slate-900">{w.name}</span>
                          <WorkflowStatus {...w} />
                        </div>
                        {w.description ? <p className="mt-1 line-clamp-1 text-sm text-slate-600">{w.description}</p> : null}
                      </div>
                      <div className="hidden shrink-0 text-right text-xs text-slate-500 sm:block">
                        <div>
                          {w.stateCount} step{w.stateCount === 1 ? "" : "s"}
                        </div>
                        <div>
                          Edited <RelativeTime date={w.updatedAt} />
                        </div>
                      </div>
                      <ChevronRight className="h-4 w-4 text-slate-400" aria-hidden />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      <NewWorkflowDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
