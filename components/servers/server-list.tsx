"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Plus, Server } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Dialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/time";
import { TRANSPORT_LABELS } from "@/lib/mcp/server-config";
import { describeError } from "@/components/workflows/error-message";
import { useAuth } from "@/components/auth/use-auth";
import { ServerForm } from "./server-form";
import { ServerStatus } from "./server-status";
import { BreakerBadge, useBreakers } from "./breaker-status";

export function ServerList() {
  const trpc = useTRPC();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const list = useQuery(trpc.servers.list.queryOptions());
  const breakers = useBreakers();
  const admin = useAuth().can("admin");
  // Set by /api/oauth/callback when Connect did not succeed (the reason only: never a code or token).
  const oauthError = useSearchParams().get("oauth_error");
  const addButton = !admin ? null : (
    <Button variant="primary" onClick={() => setAdding(true)}>
      <Plus className="h-4 w-4" aria-hidden /> Add server
    </Button>
  );
  return (
    <>
      <PageHeader
        title="MCP servers"
        description="The servers whose tools your workflows call: a CRM, an order system, ticketing, email…"
        actions={addButton}
      />
      <div className="px-8 py-6">
        {oauthError ? (
          <p role="alert" className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800">
            {oauthError.slice(0, 400)}
          </p>
        ) : null}
        {list.isPending ? (
          <p className="text-sm text-slate-500">Loading servers…</p>
        ) : list.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
            Could not load servers: {describeError(list.error).message}
          </p>
        ) : list.data.length === 0 ? (
          <EmptyState icon={<Server className="h-6 w-6" aria-hidden />} title="No MCP servers connected" actions={addButton}>
            Add the MCP servers your workflows should use: a local command (stdio) or a URL (Streamable HTTP). Switchyard tests
            the connection and lists each server’s tools with their safety hints.
          </EmptyState>
        ) : (
          <ul
            aria-label="Servers"
            className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
          >
            {list.data.map((s) => (
              <li key={s.id}>
                <Link href={`/servers/${s.id}`} className="flex items-center gap-4 px-5 py-4 hover:bg-slate-50">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-3">
                      <span className="font-medium text-slate-900">{s.title || s.name}</span>
                      {s.title ? <span className="font-mono text-xs text-slate-500">{s.name}</span> : null}
                      <ServerStatus enabled={s.enabled} lastCheckOk={s.lastCheckOk} />
                      <BreakerBadge
                        status={breakers.data?.[s.name]?.status ?? "closed"}
                        since={breakers.data?.[s.name]?.since ?? null}
                      />
                    </div>
                    <p className="mt-1 truncate font-mono text-xs text-slate-500">
                      {TRANSPORT_LABELS[s.transport]} · {s.summary}
                    </p>
                    {s.lastCheckOk === false && s.lastError ? (
                      <p className="mt-1 line-clamp-1 text-xs text-red-700">{s.lastError.message}</p>
                    ) : null}
                  </div>
                  <div className="hidden shrink-0 text-right text-xs text-slate-500 sm:block">
                    <div>
                      {s.toolCount} tool{s.toolCount === 1 ? "" : "s"}
                    </div>
                    {s.lastCheckedAt ? (
                      <div>
                        Checked <RelativeTime date={s.lastCheckedAt} />
                      </div>
                    ) : null}
                  </div>
                  <ChevronRight className="h-4 w-4 text-slate-400" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add an MCP server" wide>
        <ServerForm onCancel={() => setAdding(false)} onSaved={(id) => router.push(`/servers/${id}?check=1`)} />
      </Dialog>
    </>
  );
}
