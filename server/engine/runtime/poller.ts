/**
 * The engine's polling loop (queued runs, due timers, SLAs, recovery): every
 * `intervalMs`, and at once when woken (PostgreSQL LISTEN/NOTIFY): the
 * notification makes work prompt, the polling keeps it certain.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly log: (err: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** Polls now (or right after the poll under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    try {
      await this.work();
    } catch (err) {
      this.log(err);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    this.schedule(this.again ? 0 : this.intervalMs);
    this.again = false;
  }
}
