/**
 * What a tool's result carries and how big it may be (issue 19), against the fidelity fixture as a real process.
 */
import { describe, expect, it } from "vitest";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { FIDELITY, stdio } from "./testing";

describe("a result over the 10 MB limit of one stdio message", () => {
  it("is reported as what it is, not as a lost connection, and the next call works", async () => {
    const conn = new McpConnection({ name: "fixture", config: stdio(FIDELITY), backoff: { initialMs: 10, maxMs: 50 } });
    try {
      const err = await conn.callTool("big-text", { chars: 11 * 1024 * 1024 }).then(
        () => null,
        (e: unknown) => e as McpCallError,
      );
      expect(err).toBeInstanceOf(McpCallError);
      expect(err?.toJSON()).toMatchObject({ kind: "protocol_error", retryable: false, tool: "big-text" });
      expect(err?.message).toMatch(/larger than 10 MB, the limit of one message over stdio/);
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          const ok = await conn.callTool("echo", { message: "after" });
          expect(ok.content).toEqual([{ type: "text", text: "echo: after" }]);
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      await conn.close();
    }
  });
});
