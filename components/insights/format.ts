/** Numbers as the dashboard shows them. Pure. */

export function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1) return "<1 ms";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatRate(rate: number | null): string {
  if (rate === null) return "–";
  const pct = rate * 100;
  if (pct > 0 && pct < 1) return "<1%";
  return `${Math.round(pct)}%`;
}

/** A token count: 950, 12.3k, 4.5M. */
export function formatTokens(n: number): string {
  if (n < 1_000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** A cost in US dollars: $0 when nothing was priced, cents to four places under a dollar. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.0001) return "<$0.0001";
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export const PERIOD_LABELS = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" } as const;
export type PeriodKey = keyof typeof PERIOD_LABELS;

export function isPeriod(value: string | null): value is PeriodKey {
  return value !== null && value in PERIOD_LABELS;
}

/** A bucket's time label on the timeline: hours and minutes for short periods, day and month for long ones. */
export function bucketLabel(iso: string, period: PeriodKey): string {
  const d = new Date(iso);
  if (period === "1h" || period === "24h") return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleDateString([], { day: "numeric", month: "short", ...(period === "7d" ? { hour: "2-digit" } : {}) });
}
