/**
 * Awaits a condition read from a database or a process, with a deadline: what an integration test does instead of
 * sleeping a fixed time for something that happens after a commit. Returns the first value that is not undefined,
 * null or false; throws, naming what it waited for and the last value seen, when the deadline passes.
 */
export async function until<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(value)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
