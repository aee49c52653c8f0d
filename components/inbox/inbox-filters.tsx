"use client";

import type { ReactNode } from "react";
import { clsx } from "clsx";
import { X } from "lucide-react";
import { REASONS } from "./reasons";
import { isFiltered, REASON_VALUES, SORTS, STATUSES, type InboxView } from "./inbox-query";

interface Facets {
  workflows: { id: string; name: string }[];
  groups: string[];
}

const SELECT = "rounded-md border-0 py-1.5 pr-8 pl-2.5 text-sm shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-500";

function Select({
  label,
  value,
  onChange,
  children,
  active,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  active?: boolean;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className={clsx(
        SELECT,
        active ? "bg-brand-50 font-medium text-brand-700 ring-brand-500" : "bg-white text-slate-800 ring-slate-300",
      )}
    >
      {children}
    </select>
  );
}

/** Status tabs, the narrowing filters and the sort; every change lands in the URL. */
export function InboxFilters({
  view,
  facets,
  total,
  onChange,
}: {
  view: InboxView;
  facets: Facets | undefined;
  total: number | undefined;
  onChange: (change: Partial<InboxView>) => void;
}) {
  // A filter change shows the first item of the new list.
  const set = (change: Partial<InboxView>) => onChange({ ...change, item: undefined });
  const workflows = facets?.workflows ?? [];
  const groups = facets?.groups ?? [];
  return (
    <div className="mb-4 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap gap-1" role="group" aria-label="Filter by status">
          {STATUSES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={view.status === value}
              onClick={() => set({ status: value })}
              className={clsx(
                "rounded-md px-3 py-1.5 text-sm",
                view.status === value ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {label}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Sort
          <Select label="Sort" value={view.sort} onChange={(v) => set({ sort: v as InboxView["sort"] })}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filters">
        <Select
          label="Workflow"
          value={view.workflowId ?? ""}
          active={Boolean(view.workflowId)}
          onChange={(v) => set({ workflowId: v || undefined })}
        >
          <option value="">All workflows</option>
          {view.workflowId && !workflows.some((w) => w.id === view.workflowId) ? (
            <option value={view.workflowId}>{view.workflowId}</option>
          ) : null}
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </Select>
        <Select
          label="Reason"
          value={view.reason ?? ""}
          active={Boolean(view.reason)}
          onChange={(v) => set({ reason: (v || undefined) as InboxView["reason"] })}
        >
          <option value="">All reasons</option>
          {REASON_VALUES.map((r) => (
            <option key={r} value={r}>
              {REASONS[r] ?? r}
            </option>
          ))}
        </Select>
        <Select
          label="Group"
          value={view.group ?? ""}
          active={Boolean(view.group)}
          onChange={(v) => set({ group: v || undefined })}
        >
          <option value="">All groups</option>
          {[...new Set([...groups, ...(view.group ? [view.group] : [])])].map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </Select>
        <label
          className={clsx(
            "flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm ring-1 ring-inset",
            view.overdue ? "bg-red-50 font-medium text-red-700 ring-red-200" : "bg-white text-slate-700 ring-slate-300",
          )}
        >
          <input
            type="checkbox"
            checked={view.overdue ?? false}
            onChange={(e) => set({ overdue: e.target.checked || undefined })}
            className="accent-red-600"
          />
          Overdue only
        </label>
        {isFiltered(view) ? (
          <button
            type="button"
            onClick={() => set({ workflowId: undefined, reason: undefined, group: undefined, overdue: undefined })}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100"
          >
            <X className="h-3.5 w-3.5" aria-hidden /> Clear filters
          </button>
        ) : null}
        {total !== undefined ? (
          <span className="ml-auto text-sm text-slate-500" aria-live="polite">
            {total} {total === 1 ? "item" : "items"}
          </span>
        ) : null}
      </div>
    </div>
  );
}
