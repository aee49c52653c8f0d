"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import { Inbox as InboxIcon } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, useNow } from "@/components/ui/time";
import { Badge } from "@/components/ui/badge";
import { describeError } from "@/components/workflows/error-message";
import { EscalationDetail } from "./escalation-detail";
import { REASONS } from "./reasons";
import { useMyName } from "./use-my-name";

export function Inbox() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"open" | "resolved" | "expired">("open");
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useMyName();
  const now = useNow();
  const list = useQuery(trpc.escalations.list.queryOptions({ status }, { refetchInterval: 2000 }));
  const items = list.data ?? [];
  // An item someone acted on stays shown (resolved) until another is picked.
  const current = selected ?? items[0]?.id ?? null;
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Decisions a workflow hands to a person: approvals, failed steps that need a look, cases outside the rules."
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Your name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Sam"
              className="w-40 rounded-md px-2.5 py-1.5 ring-1 ring-slate-300"
            />
          </label>
        }
      />
      <div className="px-8 py-6">
        <div className="mb-4 flex gap-1" role="group" aria-label="Filter by status">
          {(["open", "resolved", "expired"] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
              className={`rounded-md px-3 py-1.5 text-sm capitalize ${status === s ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {s}
            </button>
          ))}
        </div>
        {list.error ? (
          <p role="alert" className="text-sm text-red-700">
            {describeError(list.error).message}
          </p>
        ) : list.isPending ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : items.length === 0 && !current ? (
          <EmptyState
            icon={<InboxIcon className="h-6 w-6" aria-hidden />}
            title={status === "open" ? "Nothing needs you right now" : `No ${status} items`}
          >
            When a run reaches a “Person decides” step, or a step fails in a way the workflow cannot handle, it waits here with
            its full context until someone acts. The run then continues where it stopped.
          </EmptyState>
        ) : (
          <div className="grid gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
            <ul
              aria-label="Items"
              className="divide-y divide-slate-100 self-start overflow-hidden rounded-xl border border-slate-200 bg-white"
            >
              {items.map((i) => (
                <li key={i.id}>
                  <button
                    type="button"
                    onClick={() => setSelected(i.id)}
                    aria-current={i.id === current ? "true" : undefined}
                    className={clsx("block w-full px-4 py-3 text-left hover:bg-slate-50", i.id === current && "bg-brand-50/60")}
                  >
                    <div className="flex items-center justify-between gap-2">
                      <Badge tone={i.reason === "human_step" ? "violet" : "red"}>{REASONS[i.reason] ?? i.reason}</Badge>
                      {i.dueAt ? (
                        <span
                          className={`text-xs ${new Date(i.dueAt).getTime() < now && status === "open" ? "font-medium text-red-600" : "text-slate-500"}`}
                        >
                          due <RelativeTime date={i.dueAt} />
                        </span>
                      ) : null}
                    </div>
                    <div className="mt-1 line-clamp-2 text-sm font-medium text-slate-900">{i.title}</div>
                    <div className="mt-0.5 text-xs text-slate-500">
                      {i.workflow.name} · <RelativeTime date={i.createdAt} />
                    </div>
                  </button>
                </li>
              ))}
            </ul>
            <div className="rounded-xl border border-slate-200 bg-slate-50/50">
              {current ? <EscalationDetail key={current} id={current} by={name} onActed={() => setSelected(current)} /> : null}
            </div>
          </div>
        )}
      </div>
    </>
  );
}
