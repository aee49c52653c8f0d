"use client";

import Link from "next/link";
import { useCallback, useMemo } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronRight, GitBranch, PlayCircle, SearchX } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { RunStatus } from "./run-status";
import { Badge } from "@/components/ui/badge";
import { RunFilters } from "./run-filters";
import { isFiltered, parseRunView, runListInput, runViewParams, type RunView } from "./run-query";

export function RunList() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => parseRunView(new URLSearchParams(params.toString())), [params]);
  const setView = useCallback(
    (next: RunView) => {
      const query = runViewParams(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(runListInput(view), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      refetchInterval: 5_000,
    }),
  );
  const rows = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const filtered = isFiltered(view);
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of a workflow: where it is, what each step did, retries and errors."
      />
      <div className="px-8 py-6">
        <RunFilters view={view} onChange={setView} />
        {runs.isPending ? (
          <p className="text-sm text-slate-500">Loading runs…</p>
        ) : runs.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
            Could not load runs: {describeError(runs.error).message}
          </p>
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState icon={<SearchX className="h-6 w-6" aria-hidden />} title="No runs match these filters">
              Widen the time range, pick another status, or{" "}
              <button type="button" className="font-medium text-brand-700 underline" onClick={() => setView({})}>
                clear the filters
              </button>
              .
            </EmptyState>
          ) : (
            <EmptyState icon={<PlayCircle className="h-6 w-6" aria-hidden />} title="No runs yet">
              Runs appear here once a published workflow is started: open a workflow and press “Start run”, or POST its input to
              /api/workflows/&lt;id&gt;/runs.
            </EmptyState>
          )
        ) : (
          <>
            <ul
              aria-label="Runs"
              className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
            >
              {rows.map((r) => (
                <li key={r.id}>
                  <Link href={`/runs/${r.id}`} className="flex items-center gap-4 px-5 py-3 hover:bg-slate-50">
                    <RunStatus status={r.status} />
                    <div className="min-w-0 flex-1">
                      <div className="truncate text-sm font-medium text-slate-900">
                        {r.workflowName}{" "}
                        {r.test ? (
                          <Badge tone="amber">Test run</Badge>
                        ) : (
                          <span className="font-normal text-slate-500">v{r.version}</span>
                        )}
                      </div>
                      <div className="truncate text-xs text-slate-500">
                        <span className="font-mono">{r.id}</span>
                        {r.waitingFor === "person" ? " · waiting for a person" : ""}
                        {r.currentState ? ` · at ${r.currentState}` : ""}
                        {r.failure ? ` · ${r.failure.message}` : ""}
                      </div>
                    </div>
                    {r.parentRunId ? (
                      <span className="inline-flex shrink-0 items-center gap-1 text-xs text-slate-500" title={r.parentRunId}>
                        <GitBranch className="h-3.5 w-3.5" aria-hidden /> re-run
                      </span>
                    ) : null}
                    <div className="shrink-0 text-xs text-slate-500">
                      Started <RelativeTime date={r.createdAt} />
                    </div>
                    <ChevronRight className="h-4 w-4 text-slate-400" aria-hidden />
                  </Link>
                </li>
              ))}
            </ul>
            <div className="mt-4 flex items-center justify-between text-sm text-slate-500">
              <span>
                {rows.length} run{rows.length === 1 ? "" : "s"} shown, newest first
              </span>
              {runs.hasNextPage ? (
                <Button disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
                  {runs.isFetchingNextPage ? "Loading…" : "Show older runs"}
                </Button>
              ) : null}
            </div>
          </>
        )}
      </div>
    </>
  );
}
