/**
 * Wake-ups between engines on PostgreSQL: a store that creates runs sends
 * NOTIFY on one channel (after the COMMIT, so the run is there to be claimed);
 * every other store LISTENs on a connection of its own and wakes its engine's
 * poller. Polling stays the safety net: a lost notification (a reconnect, a
 * listener that was down) only costs the polling interval.
 */
import pg from "pg";
import { randomBytes } from "node:crypto";

export const WAKE_CHANNEL = "switchyard_wake";

export class PgWake {
  /** Sent as the payload, so that a store ignores its own notifications. */
  readonly id = randomBytes(6).toString("hex");
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Tells the other engines (on `pool`, after the commit of what they should look at). */
  notify(pool: pg.Pool): void {
    pool.query("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, this.id]).catch(() => undefined);
  }

  private connect(): void {
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      if (this.listeners.size > 0 && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          if (this.listeners.size > 0 && !this.client) this.connect();
        }, 1000);
        this.retry.unref();
      }
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (n) => {
      if (n.payload === this.id) return;
      for (const listener of this.listeners) listener();
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${WAKE_CHANNEL}`))
      .then(() => {
        // Anything notified while not listening: look once.
        for (const listener of this.listeners) listener();
      })
      .catch(lost);
  }

  private disconnect(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }

  close(): void {
    this.listeners.clear();
    this.disconnect();
  }
}
