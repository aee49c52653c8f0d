"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

/**
 * Follows a run live: every transition committed (by this process or a worker) arrives over the runs.watch
 * subscription (SSE; after a dropped connection the browser resumes from the last seq it saw) and refreshes the run.
 * Returns whether the feed is connected, for the page to say so.
 */
export function useRunFeed(runId: string, active: boolean): "live" | "connecting" | "off" {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const feed = useSubscription(
    trpc.runs.watch.subscriptionOptions(
      { runId },
      {
        enabled: active,
        onData: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
        },
      },
    ),
  );
  if (!active) return "off";
  return feed.status === "pending" ? "live" : "connecting";
}

/** The safety net under the live feed (a connection dropped silently by a proxy): a slow refetch while the run is active. */
export const RUN_SAFETY_NET_MS = 10_000;
