"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { TextInput } from "@/components/ui/field";
import { useNow } from "@/components/ui/time";

const SINCE = { all: 0, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
type Since = keyof typeof SINCE;

/** The audit log, newest first, filtered by who, what and when; 50 rows a page. */
export function AuditLog() {
  const trpc = useTRPC();
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [since, setSince] = useState<Since>("all");
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const now = useNow(60_000);
  const from = since === "all" ? undefined : new Date(Math.floor((now - SINCE[since]) / 60_000) * 60_000);
  const filter = {
    ...(actor.trim() ? { actor: actor.trim() } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from } : {}),
    limit: 50,
  };
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="max-w-6xl space-y-4">
      <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
        <label className="block w-64 text-sm">
          <span className="block font-medium text-slate-800">Who</span>
          <span className="mt-1.5 block">
            <TextInput value={actor} onChange={(e) => setActor(e.target.value)} placeholder="email or part of it" />
          </span>
        </label>
        <label className="block text-sm">
          <span className="block font-medium text-slate-800">Action</span>
          <select
            aria-label="Action"
            value={action}
            onChange={(e) => setAction(e.target.value)}
            className="mt-1.5 block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300"
          >
            <option value="">All actions</option>
            {(actions.data ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="block font-medium text-slate-800">When</span>
          <select
            aria-label="When"
            value={since}
            onChange={(e) => setSince(e.target.value as Since)}
            className="mt-1.5 block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300"
          >
            <option value="all">Any time</option>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
          </select>
        </label>
      </div>
      {log.error ? (
        <p role="alert" className="text-sm text-red-600">
          {log.error.message}
        </p>
      ) : null}
      {log.data && rows.length === 0 ? <p className="text-sm text-slate-500">Nothing matches these filters.</p> : null}
      {rows.length > 0 ? (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-2 font-medium">When</th>
              <th className="py-2 font-medium">Who</th>
              <th className="py-2 font-medium">Action</th>
              <th className="py-2 font-medium">What</th>
              <th className="py-2 font-medium">From</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="py-1.5 whitespace-nowrap text-slate-600">{r.at.toLocaleString()}</td>
                <td className="py-1.5 text-slate-900">{r.actor || "—"}</td>
                <td className="py-1.5 font-mono text-xs">{r.action}</td>
                <td className="py-1.5 text-slate-700">
                  {r.detail}
                  {r.target && r.target !== r.actor ? (
                    <span className="ml-1 font-mono text-xs text-slate-400">{r.target}</span>
                  ) : null}
                </td>
                <td className="py-1.5 font-mono text-xs text-slate-500">{r.address || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {log.hasNextPage ? (
        <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? "Loading…" : "Older entries"}
        </Button>
      ) : null}
    </div>
  );
}
