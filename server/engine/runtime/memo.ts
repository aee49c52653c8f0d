/**
 * StepInputs.memo: values computed from a waiting run's data (a map's list), kept for the few most recent keys so a
 * map over 10,000 items evaluates its list once per visit, not once per finished item. Bounded by entry count; a
 * value that failed to compute is not kept.
 */
export function boundedMemo(maxEntries = 32): <T>(key: string, compute: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    const found = entries.get(key);
    if (found) {
      entries.delete(key); // Most recently used last.
      entries.set(key, found);
      return found as Promise<T>;
    }
    const value = compute();
    entries.set(key, value);
    value.catch(() => entries.delete(key));
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  };
}
