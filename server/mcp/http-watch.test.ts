import { describe, expect, it } from "vitest";
import { lineSplitter } from "./http-watch";

function split(chunks: string[]): string[] {
  const out: string[] = [];
  const s = lineSplitter((l) => out.push(l));
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe("the SSE line splitter of the HTTP watch", () => {
  it("splits on LF, CR and CRLF, also when a line or a CRLF is cut between chunks", () => {
    expect(split(['data: {"a"', ":1}\n\nda", "ta: 2\r", "\n\r\n", "data: 3\rx"])).toEqual([
      'data: {"a":1}',
      "",
      "data: 2",
      "",
      "data: 3",
      "x",
      "",
    ]);
  });

  it("drops a line longer than it inspects, in time linear in its size (a 16 MB result on one line)", () => {
    const chunk = "x".repeat(64 * 1024);
    const started = performance.now();
    const out: string[] = [];
    const s = lineSplitter((l) => out.push(l));
    s.push("data: ");
    for (let i = 0; i < 256; i++) s.push(chunk);
    s.push("\n\n");
    s.end();
    expect(out).toEqual(["\u2026", "", ""]);
    // Re-joining the unfinished line for every chunk took 13 s for this; linear, it is milliseconds (slack for load).
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
