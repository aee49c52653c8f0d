"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Inbox as InboxIcon, SearchX } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { useNow } from "@/components/ui/time";
import { describeError } from "@/components/workflows/error-message";
import { EscalationDetail } from "./escalation-detail";
import { InboxFilters } from "./inbox-filters";
import { InboxList } from "./inbox-list";
import { isFiltered, listInput, STATUSES, type InboxView } from "./inbox-query";
import { SAFETY_NET_MS } from "./use-escalation-feed";
import { useInboxView } from "./use-inbox-view";
import { useMyName } from "./use-my-name";
import { useAuth } from "@/components/auth/use-auth";
import { WebhookSettings } from "./webhook-settings";

function Empty({ view, onClear }: { view: InboxView; onClear: () => void }) {
  if (isFiltered(view)) {
    return (
      <EmptyState
        icon={<SearchX className="h-6 w-6" aria-hidden />}
        title="Nothing matches these filters"
        actions={<Button onClick={onClear}>Clear filters</Button>}
      >
        No {STATUSES.find(([s]) => s === view.status)?.[1].toLowerCase()} escalation has this workflow, reason, group or deadline.
        Clear the filters to see them all.
      </EmptyState>
    );
  }
  const label = STATUSES.find(([s]) => s === view.status)?.[1].toLowerCase() ?? view.status;
  return (
    <EmptyState icon={<InboxIcon className="h-6 w-6" aria-hidden />} title={`No ${label} escalations`}>
      {view.status === "open" ? (
        <>
          Nothing needs a person right now. When a run reaches a “Person decides” step, or a step fails in a way the workflow
          cannot handle, it waits here with its full context until someone acts; the run then continues where it stopped.
        </>
      ) : (
        <>Items show up here once they are {label}.</>
      )}
    </EmptyState>
  );
}

export function Inbox() {
  const trpc = useTRPC();
  const [view, setView] = useInboxView();
  const [typedName, setName] = useMyName();
  const { mode, me, can } = useAuth();
  // With accounts, actions carry the signed-in person's name (the server sets it); in local mode people say who they are.
  const name = mode === "accounts" ? (me?.name ?? "") : typedName;
  const now = useNow(15_000);
  // Live through the escalation feed (app shell); the interval is only a safety net.
  const list = useQuery(
    trpc.escalations.list.queryOptions(listInput(view), { refetchInterval: SAFETY_NET_MS, placeholderData: keepPreviousData }),
  );
  const facets = useQuery(trpc.escalations.facets.queryOptions(undefined, { staleTime: 30_000 }));
  const items = list.data?.items ?? [];
  // An item someone acted on stays shown (resolved) until another is picked: it is kept in the URL.
  const current = view.item ?? items[0]?.id ?? null;
  /** Why the last action on an item was refused (kept here: the item's view may unmount before the answer arrives). */
  const [notices, setNotices] = useState<Record<string, string>>({});
  const clear = () =>
    setView({ workflowId: undefined, reason: undefined, group: undefined, overdue: undefined, item: undefined });
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Decisions a workflow hands to a person: approvals, failed steps that need a look, cases outside the rules."
        actions={
          <>
            {mode === "local" ? (
              <label
                className="flex items-center gap-2 text-sm text-slate-700"
                title="Written on what you do here: in the run's history and in the audit log (as “name (local user)”)"
              >
                Your name
                <input
                  value={typedName}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="e.g. Sam"
                  className="w-40 rounded-md px-2.5 py-1.5 ring-1 ring-slate-300"
                />
              </label>
            ) : null}
            {can("admin") ? <WebhookSettings /> : null}
          </>
        }
      />
      <div className="px-8 py-6">
        <InboxFilters view={view} facets={facets.data} total={list.data?.total} onChange={setView} />
        {list.error ? (
          <p role="alert" className="text-sm text-red-700">
            {describeError(list.error).message}
          </p>
        ) : list.isPending ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : items.length === 0 && !current ? (
          <Empty view={view} onClear={clear} />
        ) : (
          <div className="grid gap-6 lg:grid-cols-[24rem_minmax(0,1fr)]">
            <div className="space-y-2 self-start">
              {items.length === 0 ? (
                <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
                  No other {STATUSES.find(([st]) => st === view.status)?.[1].toLowerCase()} escalations
                  {isFiltered(view) ? " match these filters" : ""}.{" "}
                  {isFiltered(view) ? (
                    <button type="button" className="text-brand-700 hover:underline" onClick={clear}>
                      Clear filters
                    </button>
                  ) : null}
                </p>
              ) : (
                <InboxList items={items} current={current} now={now} onSelect={(id) => setView({ item: id })} />
              )}
              {list.data && list.data.total > items.length ? (
                <p className="px-1 text-xs text-slate-500">
                  Showing the first {items.length} of {list.data.total}: narrow the filters to see the others.
                </p>
              ) : null}
            </div>
            <div className="rounded-xl border border-slate-200 bg-slate-50/50">
              {current ? (
                <EscalationDetail
                  key={current}
                  id={current}
                  by={name}
                  notice={notices[current] ?? null}
                  onActed={(error) => {
                    setNotices((n) => ({ ...n, [current]: error ?? "" }));
                    setView({ item: current });
                  }}
                />
              ) : null}
            </div>
          </div>
        )}
      </div>
    </>
  );
}
