/**
 * The event log and the event waits on Prisma (SQLite and PostgreSQL alike).
 * Publishing on PostgreSQL also sends NOTIFY so that engines in other processes
 * look at once; the engines' polling is the safety net.
 */
import type { Db } from "./client";
import { unwrapJson, wrapJson } from "./json";
import type { LogEvent, PendingEvent } from "../engine/core/types";
import type { EventStore, WaitMatch } from "../engine/runtime/event-ports";
import { WAKE_CHANNEL } from "./pg-wake";

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
  correlationKey: string | null;
  source: string;
  createdAt: Date;
}

/**
 * An Event row as the engine sees it. The payload is stored wrapped ({value}, or {json} for one with a `__proto__` key)
 * so that any JSON value, null included, fits and comes back exactly as sent.
 */
export function eventFromRow(row: EventRow): LogEvent {
  return {
    id: row.id,
    type: row.type,
    payload: unwrapJson(row.payload),
    key: row.correlationKey,
    source: row.source,
    time: row.createdAt.getTime(),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export class PrismaEventStore implements EventStore {
  constructor(
    private readonly db: Db,
    private readonly postgres: boolean,
  ) {}

  async publish(events: LogEvent[]): Promise<string[]> {
    const added: string[] = [];
    for (const e of events) {
      try {
        await this.db.event.create({
          data: {
            id: e.id,
            type: e.type,
            payload: wrapJson(e.payload),
            correlationKey: e.key,
            source: e.source,
            createdAt: new Date(e.time),
          },
        });
        added.push(e.id);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    if (added.length > 0 && this.postgres) {
      await this.db.$executeRawUnsafe("SELECT pg_notify($1, $2)", WAKE_CHANNEL, "event").catch(() => undefined);
    }
    return added;
  }

  async get(id: string): Promise<LogEvent | null> {
    const row = await this.db.event.findUnique({ where: { id } });
    return row ? eventFromRow(row) : null;
  }

  async putWait(runId: string, wait: PendingEvent, seq: number): Promise<void> {
    const data = {
      waitId: wait.waitId,
      stateId: wait.stateId,
      type: wait.eventType,
      correlationKey: wait.key,
      since: new Date(wait.since),
      seq,
    };
    await this.db.eventWait.upsert({ where: { runId }, create: { runId, ...data }, update: data });
  }

  async removeWait(runId: string, waitId: string): Promise<void> {
    await this.db.eventWait.deleteMany({ where: { runId, waitId } });
  }

  async eventsFor(wait: PendingEvent, limit: number): Promise<LogEvent[]> {
    const rows = await this.db.event.findMany({
      where: {
        type: wait.eventType,
        ...(wait.key === null ? {} : { correlationKey: wait.key }),
        createdAt: { gte: new Date(wait.since) },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map((r) => eventFromRow(r));
  }

  async matchesSince(since: number, limit: number): Promise<{ events: LogEvent[]; matches: WaitMatch[] }> {
    const rows = await this.db.event.findMany({
      where: { createdAt: { gte: new Date(since) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    const events = rows.map((r) => eventFromRow(r));
    if (events.length === 0) return { events, matches: [] };
    const pairs = new Map<string, { type: string; correlationKey: string | null }>();
    for (const e of events) {
      pairs.set(JSON.stringify([e.type, null]), { type: e.type, correlationKey: null });
      if (e.key !== null) pairs.set(JSON.stringify([e.type, e.key]), { type: e.type, correlationKey: e.key });
    }
    const waits = await this.db.eventWait.findMany({ where: { OR: [...pairs.values()] } });
    const matches: WaitMatch[] = [];
    for (const w of waits) {
      for (const event of events) {
        const keyOk = w.correlationKey === null || event.key === w.correlationKey;
        if (event.type === w.type && keyOk && event.time >= w.since.getTime())
          matches.push({ runId: w.runId, waitId: w.waitId, event });
      }
    }
    return { events, matches };
  }

  async waitOf(runId: string): Promise<{ waitId: string; seq: number } | null> {
    return this.db.eventWait.findUnique({ where: { runId }, select: { waitId: true, seq: true } });
  }
}
