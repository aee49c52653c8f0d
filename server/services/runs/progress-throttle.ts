/**
 * Passes each run's call progress on at most every `ms`, the latest winning, so a chatty server cannot flood the live
 * views. `forget(runId)` when the run commits a transition: a report still queued belongs to a call that has ended and
 * is dropped (it would show the finished call's progress on the next step), and nothing is kept for the run.
 */
export interface ProgressThrottle<P> {
  report(runId: string, progress: P): void;
  forget(runId: string): void;
}

export function progressThrottle<P>(send: (runId: string, progress: P) => void, ms = 250): ProgressThrottle<P> {
  const last = new Map<string, number>();
  const waiting = new Map<string, P>();
  return {
    report(runId, progress) {
      const wait = (last.get(runId) ?? 0) + ms - Date.now();
      if (wait <= 0) {
        last.set(runId, Date.now());
        send(runId, progress);
        return;
      }
      const queued = waiting.has(runId);
      waiting.set(runId, progress);
      if (queued) return;
      setTimeout(() => {
        const latest = waiting.get(runId);
        if (latest === undefined) return; // forgotten: its call ended meanwhile
        waiting.delete(runId);
        last.set(runId, Date.now());
        send(runId, latest);
      }, wait).unref();
    },
    forget(runId) {
      last.delete(runId);
      waiting.delete(runId);
    },
  };
}
