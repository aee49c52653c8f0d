/**
 * Fires triggers, in every process with an engine (its poll loop calls
 * `poll`): event triggers for the events published since the last look (with
 * an overlap for late commits; at start-up, the last day), schedule triggers
 * for their due tick. Several processes doing the same is safe: each delivery
 * is one TriggerFiring row (unique), written with its run.
 */
import type { Db } from "../../db/client";
import type { LogEvent } from "../../engine/core/types";
import { eventFromRow } from "../../db/event-store";
import { triggerConfig, type TriggerConfig } from "@/lib/workflow/triggers";
import { fireTrigger, type EnqueueFiring, type FiringTrigger } from "./trigger-fire";
import { dueTick, parseSchedule } from "./trigger-schedule";

const OVERLAP_MS = 5_000;
const FIRST_LOOK_MS = 24 * 3600_000;
const PAGE = 500;
/** At most this often (ms), whatever the engine's poll interval. */
const EVERY_MS = 200;

export interface TriggerRunnerOptions {
  now: () => number;
  /** Creates a queued run with its delivery, through the run store (Engine.enqueueFiring; other engines are told). */
  enqueue: EnqueueFiring;
  /** After runs were created: start them (the local engine's poll). */
  started: () => void;
  log: (err: unknown) => void;
}

interface TriggerRow {
  id: string;
  workflowId: string;
  config: unknown;
  lastTickAt: Date | null;
  createdAt: Date;
}

function parsed(row: TriggerRow): (FiringTrigger & { row: TriggerRow }) | null {
  const c = triggerConfig.safeParse(row.config);
  return c.success ? { id: row.id, workflowId: row.workflowId, config: c.data, row } : null;
}

export class TriggerRunner {
  private cursor: number | null = null;
  private last = 0;

  constructor(
    private readonly db: Db,
    private readonly o: TriggerRunnerOptions,
  ) {}

  async poll(): Promise<void> {
    const now = this.o.now();
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    const started = (await this.eventTriggers(now)) + (await this.schedules(now));
    if (started > 0) this.o.started();
  }

  private async eventTriggers(now: number): Promise<number> {
    const rows = await this.db.trigger.findMany({ where: { kind: "event", paused: false } });
    const triggers = rows.map(parsed).filter((t) => t !== null);
    if (triggers.length === 0) {
      this.cursor = now;
      return 0;
    }
    const since = this.cursor === null ? now - FIRST_LOOK_MS : this.cursor - OVERLAP_MS;
    const types = [...new Set(triggers.map((t) => (t.config as Extract<TriggerConfig, { kind: "event" }>).eventType))];
    const events = (
      await this.db.event.findMany({
        where: { type: { in: types }, createdAt: { gte: new Date(since) } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE,
      })
    ).map(eventFromRow);
    this.cursor = events.length === PAGE ? events.at(-1)!.time : now;
    let started = 0;
    for (const t of triggers) {
      const type = (t.config as Extract<TriggerConfig, { kind: "event" }>).eventType;
      const mine = events.filter((e) => e.type === type && e.time >= t.row.createdAt.getTime());
      if (mine.length === 0) continue;
      const done = await this.db.triggerFiring.findMany({
        where: { triggerId: t.id, dedupKey: { in: mine.map((e) => e.id) } },
        select: { dedupKey: true },
      });
      const seen = new Set(done.map((d) => d.dedupKey));
      for (const e of mine) {
        if (seen.has(e.id)) continue;
        const r = await fireTrigger(this.db, this.o.enqueue, t, e.id, e, now).catch((err: unknown) => this.o.log(err));
        if (r?.status === "started") started++;
      }
    }
    return started;
  }

  private async schedules(now: number): Promise<number> {
    const rows = await this.db.trigger.findMany({ where: { kind: "schedule", paused: false } });
    let started = 0;
    for (const t of rows.map(parsed)) {
      if (t?.config.kind !== "schedule") continue;
      const schedule = parseSchedule(t.config.cron, t.config.timezone);
      if (!schedule.ok) continue;
      const last = (t.row.lastTickAt ?? t.row.createdAt).getTime();
      const due = dueTick(schedule.cron, last, now);
      if (!due) continue;
      const tick = new Date(due.tick).toISOString();
      const event: LogEvent = {
        id: `tick:${t.id}:${tick}`,
        type: "schedule.tick",
        payload: { tick, missed: due.missed },
        key: null,
        source: `schedule:${t.id}`,
        time: due.tick,
      };
      const r = await fireTrigger(this.db, this.o.enqueue, t, `tick:${tick}`, event, now).catch((err: unknown) =>
        this.o.log(err),
      );
      if (r?.status === "started") started++;
      if (due.missed > 0 && r?.status === "started")
        this.o.log(`schedule trigger ${t.id}: ${due.missed} missed tick(s) skipped; started once for ${tick}`);
      await this.db.trigger.updateMany({
        where: { id: t.id, OR: [{ lastTickAt: null }, { lastTickAt: { lt: new Date(due.tick) } }] },
        data: { lastTickAt: new Date(due.tick) },
      });
    }
    return started;
  }
}
