"use client";

import { useEffect, useId, useSyncExternalStore } from "react";

/**
 * Rows the inspector shows but cannot store yet (a "Keep something" row without a name or value, a decision rule
 * without data): the save status says so instead of "All changes saved", and leaving the page asks first.
 */
const counts = new Map<string, number>();
const listeners = new Set<() => void>();
let total = 0;

function set(id: string, count: number): void {
  if ((counts.get(id) ?? 0) === count) return;
  if (count === 0) counts.delete(id);
  else counts.set(id, count);
  total = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const listener of listeners) listener();
}

/** How many unfinished rows are on screen. */
export function unfinishedCount(): number {
  return total;
}

export function useUnfinishedCount(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unfinishedCount,
    () => 0,
  );
}

/** Reports this component's unfinished rows while it is mounted. */
export function useMarkUnfinished(count: number): void {
  const id = useId();
  useEffect(() => {
    set(id, count);
    return () => set(id, 0);
  }, [id, count]);
}
