"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useLiveTopic } from "@/components/providers/use-live-topic";

/**
 * Follows a run live: every transition committed (by this process or a worker) arrives over the browser's shared live
 * connection (components/providers/live-hub.ts) and refreshes the run. Returns whether the feed is connected, for the
 * page to say so.
 */
export function useRunFeed(runId: string, active: boolean): "live" | "connecting" | "off" {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useLiveTopic(active ? `run:${runId}` : null, () => {
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
  });
  if (!active) return "off";
  return status;
}

/** The safety net under the live feed (a connection dropped silently by a proxy): a slow refetch while the run is active. */
export const RUN_SAFETY_NET_MS = 10_000;
