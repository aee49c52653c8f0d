/** Numbers and durations as people type and read them. */

/** Parses a number typed in a box; null when it is not a number (or not whole when `integer`). */
export function parseNumber(text: string, integer: boolean): number | null {
  const t = text.trim();
  if (t === "" || !/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** 90 -> "1 h 30 min", 45 -> "45 min", 1440 -> "1 day", 1500 -> "1 day 1 h". */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  if (hours > 0) parts.push(`${hours} h`);
  if (mins > 0 || parts.length === 0) parts.push(`${mins} min`);
  return parts.join(" ");
}

/** 0.5 -> "0.5 s", 90 -> "1.5 min", 7200 -> "2 h". */
export function formatSeconds(seconds: number): string {
  const round = (n: number) => String(Math.round(n * 10) / 10);
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 86_400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86_400)} days`;
}

export const TIME_UNITS = [
  { unit: "seconds", seconds: 1 },
  { unit: "minutes", seconds: 60 },
  { unit: "hours", seconds: 3600 },
  { unit: "days", seconds: 86_400 },
] as const;
export type TimeUnit = (typeof TIME_UNITS)[number]["unit"];

/** The largest unit that divides a number of seconds: 7200 -> 2 hours. */
export function splitSeconds(seconds: number): { amount: number; unit: TimeUnit } {
  for (const u of [...TIME_UNITS].reverse()) {
    if (seconds > 0 && seconds % u.seconds === 0) return { amount: seconds / u.seconds, unit: u.unit };
  }
  return { amount: seconds, unit: "seconds" };
}

export function unitSeconds(unit: TimeUnit): number {
  return TIME_UNITS.find((u) => u.unit === unit)?.seconds ?? 1;
}

/** Milliseconds as seconds for a box (500 -> 0.5); undefined stays undefined. */
export function msToSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** Seconds from a box as whole milliseconds (0.5 -> 500). */
export function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}
