/**
 * What a tool's result carries and how big it may be (issue 19), against the fidelity fixture as a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { EVERYTHING, FIDELITY, startEverythingHttp, startFidelityHttp, stdio, type HttpFixture } from "./testing";

let http: HttpFixture;
const httpUrl = () => http.url;
beforeAll(async () => {
  http = await startFidelityHttp();
});
afterAll(async () => {
  await http.kill();
});

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

describe.each([
  ["stdio", () => stdio(FIDELITY)],
  ["Streamable HTTP", () => ({ transport: "http" as const, url: httpUrl(), headers: {} })],
])("over %s, output validation does not depend on the connection's history", (_label, config) => {
  it("refuses a result that breaks the tool's output schema on a fresh connection, as protocol_error", async () => {
    const conn = new McpConnection({ name: "fixture", config: config() });
    try {
      const err = await conn.callTool("bad-output", {}).then(
        () => null,
        (e: unknown) => e as McpCallError,
      );
      expect(err?.toJSON()).toMatchObject({ kind: "protocol_error", retryable: false });
      expect(err?.message).toMatch(/does not match its declared output schema/);
    } finally {
      await conn.close();
    }
  });
});

const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text ?? "").join("");

describe("a task-only tool of server-everything", () => {
  it("answers the same way over stdio and Streamable HTTP: called as a task, its result returned", async () => {
    const everything = await startEverythingHttp();
    const configs = [stdio(EVERYTHING), { transport: "http" as const, url: everything.url, headers: {} }];
    try {
      const texts = await Promise.all(
        configs.map(async (config) => {
          const conn = new McpConnection({ name: "everything", config });
          try {
            const result = await conn.callTool("simulate-research-query", { topic: "tides" }, { timeoutMs: 30_000 });
            return text(result);
          } finally {
            await conn.close();
          }
        }),
      );
      for (const t of texts) expect(t).toContain("# Research Report: tides");
    } finally {
      await everything.stop();
    }
  }, 90_000);
});

describe("a long call that reports progress (server-everything over stdio)", () => {
  const slow = { duration: 3, steps: 10 }; // a notification every 0.3 s for 3 s

  it("sends a progress token, and each notification starts the time limit again", async () => {
    const conn = new McpConnection({ name: "everything", config: stdio(EVERYTHING) });
    try {
      await conn.listTools();
      const seen: number[] = [];
      const result = await conn.callTool("trigger-long-running-operation", slow, {
        timeoutMs: 1_500,
        onProgress: (p) => seen.push(p.progress),
      });
      expect(JSON.stringify(result.content)).toMatch(/completed/i);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      const silent = await conn.callTool("trigger-long-running-operation", slow, { timeoutMs: 1_500 }).catch((e: unknown) => e);
      expect((silent as McpCallError).kind).toBe("timeout");
    } finally {
      await conn.close();
    }
  });

  it("still ends at the total limit however often progress comes", async () => {
    const conn = new McpConnection({ name: "everything", config: stdio(EVERYTHING) });
    try {
      await conn.listTools();
      const err = (await conn
        .callTool("trigger-long-running-operation", slow, {
          timeoutMs: 1_000,
          totalTimeoutMs: 1_500,
          onProgress: () => undefined,
        })
        .catch((e: unknown) => e)) as McpCallError;
      expect(err.kind).toBe("timeout");
      expect(err.message).toMatch(/Still not finished after 1500 ms/);
    } finally {
      await conn.close();
    }
  });
});

describe("a server's log messages", () => {
  it("reach the app log with their level and logger", async () => {
    const lines: [string, string][] = [];
    const conn = new McpConnection({ name: "fixture", config: stdio(FIDELITY), log: (level, m) => lines.push([level, m]) });
    try {
      await conn.callTool("log", {});
      expect(lines).toContainEqual(["warn", "[mcp:fixture] server log (warning, fixture): disk almost full"]);
    } finally {
      await conn.close();
    }
  });
});

describe("a server's progress", () => {
  it("reaches the caller without the server's secrets (progress messages go to every viewer's browser)", async () => {
    const secret = "sk-live-progress-0123456789";
    const conn = new McpConnection({ name: "fixture", config: stdio(FIDELITY, [], { API_TOKEN: secret }) });
    const reports: { progress: number; total?: number | undefined; message?: string | undefined }[] = [];
    try {
      await conn.callTool("progress", {}, { onProgress: (p) => reports.push(p) });
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ progress: 1, total: 2 });
      expect(reports[0]?.message).toMatch(/^half way with /);
      expect(reports[0]?.message).not.toContain(secret);
    } finally {
      await conn.close();
    }
  });
});
