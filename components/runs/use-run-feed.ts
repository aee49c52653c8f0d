"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { CallProgress } from "@/lib/runs/call-progress";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useLiveTopic } from "@/components/providers/use-live-topic";

/**
 * Follows a run live: every transition committed (by this process or a worker) arrives over the browser's shared live
 * connection (components/providers/live-hub.ts) and refreshes the run. Returns whether the feed is connected, for the
 * page to say so.
 */
export function useRunFeed(runId: string, active: boolean): "live" | "connecting" | "off" {
  return useRunLive(runId, active).feed;
}

/**
 * The live feed and the latest progress of the run's call in flight (MCP progress, a task's status), as reported by
 * the app's own engine: a transition clears it (the next report of the call sets it again).
 */
export function useRunLive(
  runId: string,
  active: boolean,
): { feed: "live" | "connecting" | "off"; progress: CallProgress | null } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<CallProgress | null>(null);
  const status = useLiveTopic(active ? `run:${runId}` : null, (change) => {
    if (change !== "resync" && change.topic === "run" && change.progress) {
      setProgress(change.progress);
      return;
    }
    setProgress(null);
    void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
  });
  return { feed: active ? status : "off", progress: active ? progress : null };
}

/** The safety net under the live feed (a connection dropped silently by a proxy): a slow refetch while the run is active. */
export const RUN_SAFETY_NET_MS = 10_000;
