import { describe, expect, it } from "vitest";
import { CallLogBook, MAX_CALL_LOGS, MAX_LOG_CHARS } from "./server-logs";

describe("a call's server log messages", () => {
  it("keeps none as undefined, and each message as one bounded line with a known level", () => {
    const book = new CallLogBook();
    expect(book.list()).toBeUndefined();
    book.add({ level: "shout", message: "a\n  b" }, 5);
    book.add({ level: "error", logger: "db", message: "x".repeat(5000) }, 6);
    const [first, second] = book.list()!;
    expect(first).toEqual({ level: "info", message: "a b", at: 5 });
    expect(second?.message).toHaveLength(MAX_LOG_CHARS);
    expect(second?.message.endsWith("…")).toBe(true);
  });

  it("keeps at most MAX_CALL_LOGS entries, the last saying how many were dropped", () => {
    const book = new CallLogBook();
    for (let i = 0; i < 100; i++) book.add({ level: "info", message: `m${i}` }, i);
    const logs = book.list()!;
    expect(logs).toHaveLength(MAX_CALL_LOGS);
    expect(logs[MAX_CALL_LOGS - 2]?.message).toBe(`m${MAX_CALL_LOGS - 2}`);
    expect(logs.at(-1)?.message).toBe(`… and ${100 - (MAX_CALL_LOGS - 1)} more messages (in the app log)`);
  });
});
