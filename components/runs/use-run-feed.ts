"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { CallProgress } from "@/lib/runs/call-progress";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { useLiveTopic } from "@/components/providers/use-live-topic";
import { applyRunDelta, seqOf, withQuestions, type RunDelta } from "./apply-run-delta";

/**
 * Follows a run live: every transition committed (by this process or a worker) arrives over the browser's shared live
 * connection (components/providers/live-hub.ts) as a delta the page applies to the run it holds (apply-run-delta.ts);
 * it reads the whole run again only when the delta says so (the run finished, a step kind a delta does not carry).
 * Returns whether the feed is connected, for the page to say so.
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
  const [progress, setProgress] = useState<CallProgress | null>(null);
  const catchUp = useRunCatchUp(runId);
  const status = useLiveTopic(active ? `run:${runId}` : null, (change) => {
    if (change !== "resync" && change.topic === "run" && change.progress) {
      setProgress(change.progress);
      return;
    }
    setProgress(null);
    // A reconnect (changes may have been missed) asks for what came after the last transition the page holds.
    catchUp(change !== "resync" && change.topic === "run" ? (change.delta ?? null) : null);
  });
  // A claim, a hand-over or a comment on the run's open question commits no transition: the inbox's topic says so.
  useWaitingQuestionRefresh(runId, active, catchUp);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => catchUp(null), RUN_SAFETY_NET_MS);
    return () => clearInterval(timer);
  }, [active, catchUp]);
  return { feed: active ? status : "off", progress: active ? progress : null };
}

/**
 * While the run waits on a person, an inbox change (claimed, handed over) asks for the run's delta from the page's own
 * transition: it carries the current step's questions as they are now (a few rows, never the whole run).
 */
function useWaitingQuestionRefresh(runId: string, active: boolean, catchUp: CatchUp): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveTopic(active ? "escalations" : null, () => {
    const view = queryClient.getQueryData(trpc.runs.get.queryKey({ id: runId }));
    if (view?.escalations.some((e) => e.status === "open" || e.status === "claimed")) catchUp(null, "questions");
  });
}

type CatchUp = (delta: RunDelta | null, also?: "questions") => void;

/**
 * Applies deltas to the page's run, one at a time and in order: `null` (or a delta after a gap) asks the server for
 * what came after the page's last transition (runs.delta); a delta that says so reads the whole run (runs.get).
 */
function useRunCatchUp(runId: string): CatchUp {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const queue = useRef<Promise<void>>(Promise.resolve());
  return useCallback(
    (delta: RunDelta | null, also?: "questions") => {
      const key = trpc.runs.get.queryKey({ id: runId });
      const step = async (): Promise<void> => {
        const view = queryClient.getQueryData(key);
        if (!view) return; // Not read yet: runs.get brings all of it.
        let next = delta ? applyRunDelta(view, delta) : "gap";
        if (next === "gap") {
          const missed = await client.runs.delta.query({ id: runId, after: seqOf(view) });
          const current = queryClient.getQueryData(key) ?? view;
          next = also === "questions" ? withQuestions(current, missed) : applyRunDelta(current, missed);
          if (next === "gap") next = "full";
        }
        if (next === "full") await queryClient.invalidateQueries({ queryKey: key });
        else if (next !== view) queryClient.setQueryData(key, next);
      };
      queue.current = queue.current.then(step).catch(() => undefined);
    },
    [client, queryClient, runId, trpc],
  );
}

/** The safety net under the live feed (a connection dropped silently by a proxy): a slow look for missed transitions. */
export const RUN_SAFETY_NET_MS = 10_000;
