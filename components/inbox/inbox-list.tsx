"use client";

import { clsx } from "clsx";
import { AlarmClock, UserRound, Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { RelativeTime, relative } from "@/components/ui/time";
import { REASONS } from "./reasons";
import { isTestRunVersion } from "@/lib/runs/test-run";

export interface InboxItem {
  id: string;
  title: string;
  reason: string;
  status: string;
  assigneeGroup: string | null;
  claimedBy: string | null;
  dueAt: Date | null;
  createdAt: Date;
  resolvedBy: string | null;
  workflow: { id: string; name: string };
  /** The run's version: below 1 for a test run of a draft. */
  version: number;
}

export const isWaiting = (status: string) => status === "open" || status === "claimed";

export function isOverdue(item: { status: string; dueAt: Date | null }, now: number): boolean {
  return isWaiting(item.status) && item.dueAt !== null && item.dueAt.getTime() < now;
}

export function overdueText(due: number, now: number): string {
  const late = relative(due, now);
  return late === "just now" ? "Overdue" : `Overdue by ${late.replace(" ago", "")}`;
}

function Due({ item, now }: { item: InboxItem; now: number }) {
  if (!item.dueAt || !isWaiting(item.status)) return null;
  if (isOverdue(item, now)) {
    return (
      <span className="inline-flex items-center gap-1 text-xs font-semibold text-red-700">
        <AlarmClock className="h-3.5 w-3.5" aria-hidden />
        {overdueText(item.dueAt.getTime(), now)}
      </span>
    );
  }
  return (
    <span className="text-xs text-slate-500">
      due <RelativeTime date={item.dueAt} />
    </span>
  );
}

/** One line per item: why, what, whose, and how urgent; overdue ones stand out. */
export function InboxList({
  items,
  current,
  now,
  onSelect,
}: {
  items: InboxItem[];
  current: string | null;
  now: number;
  onSelect: (id: string) => void;
}) {
  return (
    <ul
      aria-label="Items"
      className="divide-y divide-slate-100 self-start overflow-hidden rounded-xl border border-slate-200 bg-white"
    >
      {items.map((i) => {
        const overdue = isOverdue(i, now);
        return (
          <li key={i.id} data-overdue={overdue || undefined}>
            <button
              type="button"
              onClick={() => onSelect(i.id)}
              aria-current={i.id === current ? "true" : undefined}
              className={clsx(
                "block w-full border-l-4 px-4 py-3 text-left hover:bg-slate-50",
                overdue ? "border-red-500" : "border-transparent",
                i.id === current ? "bg-brand-50/70" : overdue && "bg-red-50/40",
              )}
            >
              <div className="flex items-center justify-between gap-2">
                <Badge tone={i.reason === "human_step" || i.reason === "mcp_request" ? "violet" : "red"}>
                  {REASONS[i.reason] ?? i.reason}
                </Badge>
                <Due item={i} now={now} />
                {!isWaiting(i.status) ? <Badge tone={i.status === "expired" ? "amber" : "green"}>{i.status}</Badge> : null}
              </div>
              <div className="mt-1 line-clamp-2 text-sm font-medium text-slate-900">{i.title}</div>
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-slate-500">
                <span>
                  {i.workflow.name}
                  {isTestRunVersion(i.version) ? " (test run)" : ""} · <RelativeTime date={i.createdAt} />
                </span>
                {i.assigneeGroup ? (
                  <span className="inline-flex items-center gap-1">
                    <Users className="h-3 w-3" aria-hidden />
                    {i.assigneeGroup}
                  </span>
                ) : null}
                {i.claimedBy && i.status === "claimed" ? (
                  <span className="inline-flex items-center gap-1 font-medium text-slate-700">
                    <UserRound className="h-3 w-3" aria-hidden />
                    {i.claimedBy}
                  </span>
                ) : null}
              </div>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
