/**
 * Time, ids and randomness as a test sets them: the clock moves only when the test says so (`advance`), ids count up
 * per prefix, and "random" numbers come from a fixed sequence, so a run of the runtime's logic is the same every time.
 */
import type { Clock } from "../ports";

export class ManualClock implements Clock {
  private ms: number;
  private readonly counters = new Map<string, number>();
  private seed = 1;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.ms = start;
  }

  now(): number {
    return this.ms;
  }

  /** Moves time forward (never back). */
  advance(ms: number): void {
    if (ms < 0) throw new Error("The clock does not go back");
    this.ms += ms;
  }

  newId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${String(n).padStart(4, "0")}`;
  }

  /** A fixed pseudo-random sequence in [0, 1) (a linear congruential generator). */
  random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }
}
