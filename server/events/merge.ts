/**
 * Interleaves several async streams into one, in arrival order. A source that ends or fails is dropped (the others go
 * on); the merged stream ends when every source has ended or the signal aborts.
 */
export async function* mergeStreams<T>(sources: AsyncIterable<T>[], signal: AbortSignal | undefined): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let running = sources.length;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onAbort = () => notify();
  signal?.addEventListener("abort", onAbort);
  const pumps = sources.map(async (source) => {
    try {
      for await (const item of source) {
        queue.push(item);
        notify();
        if (signal?.aborted) break;
      }
    } catch {
      // A failing source (a run that does not exist, a dropped watcher) ends alone.
    } finally {
      running--;
      notify();
    }
  });
  try {
    while (!signal?.aborted) {
      while (queue.length > 0) yield queue.shift() as T;
      if (running === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (queue.length > 0 || running === 0 || signal?.aborted) notify();
      });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    void Promise.allSettled(pumps);
  }
}
