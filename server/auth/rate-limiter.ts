/** A fixed-window failure counter per key (in memory, per process): `max` failures within `windowMs`, then blocked. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly opts: { max: number; windowMs: number }) {}

  /** Milliseconds until the key may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.opts.max) return 0;
    return (recent[recent.length - this.opts.max] ?? now) + this.opts.windowMs - now;
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((t) => t > now - this.opts.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => t > now - this.opts.windowMs)) this.hits.delete(key);
  }
}
