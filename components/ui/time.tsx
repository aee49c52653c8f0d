"use client";

import { useEffect, useState } from "react";

/** "3 minutes ago", kept fresh, with the exact time on hover. */
export function RelativeTime({ date }: { date: Date }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {relative(date.getTime(), now)}
    </time>
  );
}

export function relative(then: number, now: number): string {
  if (then - now > 45_000) return `in ${span(then - now)}`;
  const s = Math.round((now - then) / 1000);
  if (s < 45) return "just now";
  return `${span(now - then)} ago`;
}

function span(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.max(1, Math.round(s / 60));
  if (m < 60) return `${m} minute${m === 1 ? "" : "s"}`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? "" : "s"}`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? "" : "s"}`;
}

/** The current time, refreshed every `everyMs` (for "overdue" and similar). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
