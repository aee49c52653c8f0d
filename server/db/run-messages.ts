/**
 * Durable messages to runs: a decision (a person's resolution, a cancel) sent by a process that runs no executor
 * (SWITCHYARD_ENGINE=off) is a RunMessage row; an engine claims it for a lease, applies it as the run's next event
 * (the audit row goes in that transition's commit) and deletes it. A crash between the apply and the delete lets
 * another engine take it again: applying it twice is harmless (an escalation is resolved once, a finished run ignores
 * a cancel). The only code that writes RunMessage rows.
 */
import type { Db } from "./client";
import { providerOf } from "./config";
import { WAKE_CHANNEL } from "./pg-wake";
import type { RunEvent } from "../engine/core/types";
import type { AuditRow } from "../engine/runtime/ports";
import type { Resolves } from "../engine/runtime/engine";
import { newId } from "../util/ids";
import { jsonValue } from "./json";

export interface RunMessageBody {
  event: RunEvent;
  resolves?: Resolves | undefined;
  audit?: AuditRow | undefined;
}

export interface RunMessage extends RunMessageBody {
  id: string;
  runId: string;
}

export class RunMessages {
  private readonly postgres: boolean;

  constructor(
    private readonly db: Db,
    url: string,
  ) {
    this.postgres = providerOf(url) === "postgresql";
  }

  /** Sends a message to a run (and, on PostgreSQL, wakes the engines polling the database). */
  async send(runId: string, body: RunMessageBody, now: number): Promise<string> {
    const id = newId("msg");
    await this.db.runMessage.create({ data: { id, runId, body: jsonValue(body), createdAt: new Date(now) } });
    if (this.postgres) await this.db.$executeRaw`SELECT pg_notify(${WAKE_CHANNEL}, ${"message"})`.catch(() => undefined);
    return id;
  }

  /** Claims up to `limit` messages nobody holds (oldest first), each for `leaseMs`. */
  async take(now: number, leaseMs: number, limit = 50): Promise<RunMessage[]> {
    const free = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date(now) } }] };
    const rows = await this.db.runMessage.findMany({ where: free, orderBy: { createdAt: "asc" }, take: limit });
    const taken: RunMessage[] = [];
    for (const row of rows) {
      const claimed = await this.db.runMessage.updateMany({
        where: { id: row.id, ...free },
        data: { claimedUntil: new Date(now + leaseMs) },
      });
      if (claimed.count === 1) taken.push({ id: row.id, runId: row.runId, ...(row.body as unknown as RunMessageBody) });
    }
    return taken;
  }

  async done(id: string): Promise<void> {
    await this.db.runMessage.deleteMany({ where: { id } });
  }

  /** Messages not applied yet (for a run, or all). */
  count(runId?: string): Promise<number> {
    return this.db.runMessage.count(runId ? { where: { runId } } : undefined);
  }
}
