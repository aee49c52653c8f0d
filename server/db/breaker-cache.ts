/**
 * Circuit breakers in memory, shared through the database (CircuitBreaker
 * rows). The hot path (one admission and one outcome per call) reads and
 * updates a Map; a breaker's row is written, with the next batch, when its
 * status changes (closed / open / half_open), stamped with the time of the
 * change and only over an older change. Every `syncMs` the rows are read back,
 * and a status another engine changed more recently than this one is adopted:
 * all engines on one database see one breaker status within about a second.
 * Each engine counts the failure window of its own calls.
 */
import type { BreakerState } from "../engine/core/breaker";
import type { BreakerRow } from "./run-rows";

export interface StoredBreaker {
  server: string;
  state: BreakerState;
  /** When its status last changed (ms since the epoch). */
  at: number;
}

export class BreakerCache {
  private readonly states = new Map<string, { state: BreakerState; changedAt: number }>();
  private readonly dirty = new Set<string>();
  private lastSync = -Infinity;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly options: {
      now: () => number;
      syncMs: number;
      load: () => Promise<StoredBreaker[]>;
      /** A status changed: a write is due. */
      onDirty: () => void;
    },
  ) {}

  /** The breaker of a server (reads the rows first when the last read is older than syncMs). */
  async get(server: string): Promise<BreakerState | null> {
    if (this.options.now() - this.lastSync >= this.options.syncMs) await this.sync();
    return this.states.get(server)?.state ?? null;
  }

  set(server: string, state: BreakerState): void {
    const known = this.states.get(server);
    const changed = !known || known.state.status !== state.status;
    this.states.set(server, { state, changedAt: changed ? this.options.now() : known.changedAt });
    if (changed) {
      this.dirty.add(server);
      this.options.onDirty();
    }
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** The rows to write with the next batch: [server, state JSON, time of the change]. */
  take(): BreakerRow[] {
    const rows = [...this.dirty].flatMap((server): BreakerRow[] => {
      const known = this.states.get(server);
      return known ? [[server, JSON.stringify(known.state), known.changedAt]] : [];
    });
    this.dirty.clear();
    return rows;
  }

  /** The write failed: write them with the next batch. */
  giveBack(servers: string[]): void {
    for (const s of servers) this.dirty.add(s);
  }

  private sync(): Promise<void> {
    this.syncing ??= this.options
      .load()
      .then((rows) => {
        for (const row of rows) {
          const known = this.states.get(row.server);
          if (!known || (row.at > known.changedAt && row.state.status !== known.state.status))
            this.states.set(row.server, { state: row.state, changedAt: row.at });
        }
      })
      // The database unreachable for a moment: go on with what this engine knows, read again later.
      .catch(() => undefined)
      .finally(() => {
        this.lastSync = this.options.now();
        this.syncing = null;
      });
    return this.syncing;
  }
}
