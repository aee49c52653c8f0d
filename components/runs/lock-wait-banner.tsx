"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

/** A run waiting for its turn on a lock: which lock, who holds it, and its place in the queue. */
export function LockWaitBanner({ runId, lockKey, stepTitle }: { runId: string; lockKey: string; stepTitle: string }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.locks.status.queryOptions({ key: lockKey }, { refetchInterval: 2000 }));
  const holders = status.data?.holders ?? [];
  const place = (status.data?.queue ?? []).findIndex((q) => q.runId === runId);
  return (
    <div data-testid="lock-wait" className="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900">
      Waiting for lock <span className="font-mono">{lockKey}</span> at “{stepTitle}”.{" "}
      {holders.length > 0 ? (
        <>
          Held by{" "}
          {holders.map((h, i) => (
            <span key={h.runId}>
              {i > 0 ? ", " : ""}
              <Link href={`/runs/${h.runId}`} className="font-medium underline">
                {h.workflowName || h.runId}
              </Link>
            </span>
          ))}
          .
        </>
      ) : (
        "Nobody holds it: this run is about to get it."
      )}
      {place > 0 ? ` ${place} run${place === 1 ? "" : "s"} ahead in the queue.` : ""}
    </div>
  );
}
