import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { getBus, type ChangeBus } from "../../events/bus";
import { mergeStreams } from "../../events/merge";
import { retainEscalationWatcher } from "../../services/inbox/escalation-feed";
import { watchProgress, watchRunDeltas } from "../../services/runs/run-feed";
import type { RunDelta } from "../../services/runs/run-delta";
import type { CallProgress } from "@/lib/runs/call-progress";
import type { Db } from "../../db/client";

/** At most this many runs followed on one connection (a browser's tabs share it: components/providers/live-hub.ts). */
export const MAX_LIVE_RUNS = 50;

const topics = z.object({
  workflows: z.boolean().default(false),
  escalations: z.boolean().default(false),
  runs: z.array(z.string().min(1).max(100)).max(MAX_LIVE_RUNS).default([]),
});

/**
 * A run's change: what committed transitions changed (`delta`: the page applies it, never reading the whole run per
 * transition), or a call's live progress (`progress`, the run goes on).
 */
export type LiveChange =
  | { topic: "workflows" }
  | { topic: "escalations" }
  | { topic: "run"; runId: string; status: string; progress?: CallProgress | undefined; delta?: RunDelta | undefined };

async function* busTopic(bus: ChangeBus, topic: "workflows" | "escalations", signal: AbortSignal | undefined) {
  for await (const _ of bus.subscribe(null, signal, topic)) yield { topic } as LiveChange;
}

async function* runTopic(db: Db, runId: string, signal: AbortSignal | undefined): AsyncGenerator<LiveChange> {
  for await (const delta of watchRunDeltas(db, runId, signal)) yield { topic: "run", runId, status: delta.head.status, delta };
}

async function* progressTopic(runId: string, signal: AbortSignal | undefined): AsyncGenerator<LiveChange> {
  for await (const progress of watchProgress(runId, signal)) yield { topic: "run", runId, status: "running", progress };
}

export const liveRouter = router({
  /**
   * Every live change a browser follows, on ONE connection (SSE): workflow changes, inbox changes and the transitions of
   * the runs open in any of its tabs. Browsers allow six HTTP/1.1 connections per host; one stream per view stalled the
   * seventh request. Not resumable: a client that reconnects refreshes what it shows instead.
   */
  feed: viewerProcedure.input(topics).subscription(async function* ({ ctx, input, signal }) {
    const bus = getBus();
    const sources: AsyncIterable<LiveChange>[] = [];
    if (input.workflows) sources.push(busTopic(bus, "workflows", signal));
    if (input.escalations) sources.push(busTopic(bus, "escalations", signal));
    for (const runId of new Set(input.runs)) sources.push(runTopic(ctx.db, runId, signal), progressTopic(runId, signal));
    const release = input.escalations ? retainEscalationWatcher(ctx.db) : null;
    try {
      yield* mergeStreams(sources, signal);
      // Nothing left to follow (every run finished): stay open, so the client does not reconnect in a loop.
      if (!signal?.aborted) await new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve()));
    } finally {
      release?.();
    }
  }),
});
