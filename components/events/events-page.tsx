"use client";

import { useAuth } from "@/components/auth/use-auth";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Radio } from "lucide-react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Section } from "@/components/ui/section";
import { RelativeTime } from "@/components/ui/time";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/workflows/error-message";
import { SendEventDialog } from "./send-event-dialog";
import { EventRow } from "./event-row";

/** The shared event log: recent events, runs waiting for one, and a form to send one by hand. */
export function EventsPage() {
  const { can } = useAuth();
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const type = params.get("type") ?? "";
  const events = useQuery(trpc.events.list.queryOptions(type ? { type } : {}, { refetchInterval: 2000 }));
  const waits = useQuery(trpc.events.waits.queryOptions(undefined, { refetchInterval: 2000 }));
  const filterBy = (t: string) => router.replace(t ? `${pathname}?type=${encodeURIComponent(t)}` : pathname);
  return (
    <>
      <PageHeader
        title="Events"
        description="Things that happened, announced by workflows, other systems (POST /api/events) or by hand. Workflows can start on an event or wait for one about the same customer or order."
        actions={can("operator") ? <SendEventDialog defaultType={type} /> : null}
      />
      <div className="space-y-8 px-8 py-6">
        <Section
          title="Runs waiting for an event"
          hint="Each resumes when an event with its name, about the same thing, arrives."
        >
          {waits.data && waits.data.length > 0 ? (
            <ul
              aria-label="Waiting runs"
              className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
            >
              {waits.data.map((w) => (
                <li key={w.runId} className="flex items-center gap-4 px-5 py-2.5 text-sm">
                  <span className="min-w-0 flex-1 truncate">
                    <Link href={`/runs/${w.runId}`} className="font-medium text-slate-900 hover:underline">
                      {w.workflowName}
                    </Link>{" "}
                    <span className="text-slate-500">waits for</span> <span className="font-mono">{w.type}</span>
                    {w.key !== null ? (
                      <>
                        {" "}
                        <span className="text-slate-500">about</span> <span className="font-mono">{w.key}</span>
                      </>
                    ) : null}
                  </span>
                  <span className="shrink-0 text-xs text-slate-500">
                    since <RelativeTime date={w.waitingSince} />
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">{waits.isPending ? "Loading…" : "No run is waiting for an event."}</p>
          )}
        </Section>
        <Section
          title={type ? `Recent “${type}” events` : "Recent events"}
          hint="Newest first. The same event id sent twice is kept once."
        >
          {type ? (
            <div className="mb-3">
              <Button variant="ghost" onClick={() => filterBy("")}>
                Show all events
              </Button>
            </div>
          ) : null}
          {events.isPending ? (
            <p className="text-sm text-slate-500">Loading events…</p>
          ) : events.error ? (
            <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700">
              Could not load events: {describeError(events.error).message}
            </p>
          ) : events.data.length === 0 ? (
            <EmptyState
              icon={<Radio className="h-6 w-6" aria-hidden />}
              title={type ? "No events with this name yet" : "No events yet"}
            >
              Events appear here when a workflow announces one, when another system POSTs JSON such as{" "}
              <code className="font-mono text-xs">{`{"type": "order.shipped", "key": "cust_001"}`}</code> to /api/events, or when
              you send one with “Send event”.
            </EmptyState>
          ) : (
            <ul
              aria-label="Events"
              className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
            >
              {events.data.map((e) => (
                <EventRow key={e.id} event={e} onType={filterBy} />
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
