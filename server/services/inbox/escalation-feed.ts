/**
 * Live inbox updates. Escalations are written by engines (opened, resolved, timed out) in this process or in worker
 * processes, and by people (claims, resolutions); the change bus is in-process only. So while someone watches the inbox,
 * one watcher per process reads the escalations changed since its last look (Escalation.updatedAt is indexed; one
 * small query every half second, none when nobody watches) and publishes each change on the bus, whoever made it.
 * Subscribers get them as tracked events (server/api/routers/escalations.ts). Rows written by a process whose clock is
 * more than OVERLAP_MS behind ours can be missed: the browser keeps a slow polling safety net for that, and for a
 * dropped connection.
 */
import type { Db } from "../../db/client";
import { getBus, type ChangeBus } from "../../events/bus";

const OVERLAP_MS = 5_000;

export class EscalationWatcher {
  /** id -> updatedAt (ms) of what was published in the overlap window. */
  private readonly seen = new Map<string, number>();
  private watermark: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus = getBus(),
    private readonly intervalMs = 500,
    now = Date.now(),
  ) {
    this.watermark = now;
  }

  /** Publishes what changed since the last scan; returns how many changes. */
  async scan(): Promise<number> {
    const since = new Date(this.watermark - OVERLAP_MS);
    const rows = await this.db.escalation.findMany({
      where: { updatedAt: { gte: since } },
      select: { id: true, runId: true, status: true, updatedAt: true },
      orderBy: { updatedAt: "asc" },
      take: 500,
    });
    let published = 0;
    for (const row of rows) {
      const at = row.updatedAt.getTime();
      if (this.seen.get(row.id) === at) continue;
      this.seen.set(row.id, at);
      this.watermark = Math.max(this.watermark, at);
      this.bus.publish({ topic: "escalations", escalationId: row.id, runId: row.runId, status: row.status });
      published++;
    }
    for (const [id, at] of this.seen) if (at < since.getTime()) this.seen.delete(id);
    return published;
  }

  start(now = Date.now()): void {
    if (this.timer) return;
    // Nobody watched meanwhile: what changed before now is not news.
    this.watermark = Math.max(this.watermark, now);
    const generation = ++this.generation;
    const tick = () => {
      this.running = this.scan()
        .then(() => undefined)
        .catch((err: unknown) => console.error("[inbox] watching escalations failed:", err))
        .finally(() => {
          if (this.timer && generation === this.generation) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

const globalForFeed = globalThis as unknown as { switchyardEscalationFeed?: { watcher: EscalationWatcher; users: number } };

/** Keeps the process's watcher running while at least one subscriber holds it; returns the release function. */
export function retainEscalationWatcher(db: Db): () => void {
  const feed = (globalForFeed.switchyardEscalationFeed ??= { watcher: new EscalationWatcher(db), users: 0 });
  if (feed.users++ === 0) feed.watcher.start();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--feed.users === 0) void feed.watcher.stop();
  };
}
