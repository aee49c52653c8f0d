import { describe, expect, it } from "vitest";
import { mergeStreams } from "./merge";

async function* items<T>(values: T[], gate?: Promise<void>): AsyncGenerator<T> {
  if (gate) await gate;
  for (const v of values) yield v;
}

async function* failing(): AsyncGenerator<number> {
  yield await Promise.resolve(1);
  throw new Error("gone");
}

describe("mergeStreams", () => {
  it("yields every item of every source and ends when all have ended", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const merged = mergeStreams([items([1, 2]), items([3], gate)], undefined);
    const seen: number[] = [];
    for await (const v of merged) {
      seen.push(v);
      if (seen.length === 2) open();
    }
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  it("keeps going when one source fails", async () => {
    const seen: number[] = [];
    for await (const v of mergeStreams([failing(), items([5, 6])], undefined)) seen.push(v);
    expect(seen.sort()).toEqual([1, 5, 6]);
  });

  it("ends when the signal aborts, even while sources are still open", async () => {
    const controller = new AbortController();
    const never = new Promise<void>(() => undefined);
    const merged = mergeStreams([items([1], never)], controller.signal);
    const next = merged.next();
    controller.abort();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });
});
