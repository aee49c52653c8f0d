/**
 * In-process change feed for live views. Each event gets a monotonically
 * increasing id; a short history is kept so a subscriber that reconnects with
 * its last seen id receives what it missed.
 */
import { EventEmitter, on } from "node:events";
import type { CallProgress } from "@/lib/runs/call-progress";

export type ChangeEvent =
  | { topic: "workflows"; workflowId: string; change: "created" | "updated" | "published" | "archived" }
  | { topic: "escalations"; escalationId: string; runId: string; status: string }
  /** A transition of the run was committed in this process (a wake-up for run watchers: server/services/runs/run-feed.ts). */
  | { topic: "runs"; runId: string }
  /** A call of the run reported progress or its task's status (this process's engine; never stored). */
  | { topic: "progress"; runId: string; progress: CallProgress };

export interface Envelope {
  id: string;
  event: ChangeEvent;
}

const HISTORY = 1000;

export class ChangeBus {
  private readonly emitter = new EventEmitter();
  private readonly history: Envelope[] = [];
  private seq = 0;
  private readonly epoch = Date.now().toString(36);

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: ChangeEvent): Envelope {
    const envelope = { id: `${this.epoch}-${++this.seq}`, event };
    // Run wake-ups are not kept: run watchers replay from the database, and they would crowd out the rest.
    if (event.topic !== "runs" && event.topic !== "progress") {
      this.history.push(envelope);
      if (this.history.length > HISTORY) this.history.shift();
    }
    this.emitter.emit("change", envelope);
    return envelope;
  }

  /** Calls `listener` with every event published from now on; returns the unsubscribe function. */
  listen(listener: (envelope: Envelope) => void): () => void {
    this.emitter.on("change", listener);
    return () => this.emitter.off("change", listener);
  }

  /** Events after `lastId` (all kept ones when it is unknown, e.g. after a restart). */
  since(lastId: string | null | undefined): Envelope[] {
    if (!lastId) return [];
    const index = this.history.findIndex((e) => e.id === lastId);
    return index === -1 ? [...this.history] : this.history.slice(index + 1);
  }

  async *subscribe(
    lastId: string | null | undefined,
    signal: AbortSignal | undefined,
    topic?: ChangeEvent["topic"],
  ): AsyncGenerator<Envelope> {
    // Listen before replaying so nothing published in between is lost.
    const live = on(this.emitter, "change", signal ? { signal } : {});
    const replayed = this.since(lastId);
    let last = replayed.at(-1)?.id ?? lastId ?? null;
    for (const e of replayed) if (!topic || e.event.topic === topic) yield e;
    try {
      for await (const [envelope] of live) {
        const e = envelope as Envelope;
        if (last !== null && !isAfter(e.id, last)) continue;
        last = e.id;
        if (!topic || e.event.topic === topic) yield e;
      }
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    }
  }
}

function isAfter(id: string, last: string): boolean {
  const [epochA, seqA] = id.split("-");
  const [epochB, seqB] = last.split("-");
  return epochA !== epochB || Number(seqA) > Number(seqB);
}

const globalForBus = globalThis as unknown as { switchyardBus?: ChangeBus };

/** The process-wide bus (on globalThis: Next.js may load this module twice). */
export function getBus(): ChangeBus {
  globalForBus.switchyardBus ??= new ChangeBus();
  return globalForBus.switchyardBus;
}
