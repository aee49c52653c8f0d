/**
 * The connection layer against real MCP servers from npm, over stdio and
 * Streamable HTTP: tool listing, calls, progress, cancellation, timeouts,
 * error mapping, and a server that crashes mid-call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { EVERYTHING, MEMORY, startEverythingHttp, stdio } from "./testing";
import type { McpServerConfig } from "@/lib/mcp/server-config";

async function failure(promise: Promise<unknown>): Promise<McpCallError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof McpCallError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text ?? "").join("");

let http: Awaited<ReturnType<typeof startEverythingHttp>>;
beforeAll(async () => {
  http = await startEverythingHttp();
});
afterAll(async () => {
  await http.stop();
});

const transports: [string, () => McpServerConfig][] = [
  ["stdio", () => stdio(EVERYTHING)],
  ["Streamable HTTP", () => ({ transport: "http", url: http.url, headers: {} })],
];

describe.each(transports)("server-everything over %s", (_label, config) => {
  let conn: McpConnection;
  beforeAll(() => {
    const elicitation = () => Promise.resolve({ action: "decline" as const });
    conn = new McpConnection({ name: "everything", config: config(), handlers: { elicitation } });
  });
  afterAll(async () => {
    await conn.close();
  });

  it("lists every tool, including those registered after initialize for our capabilities", async () => {
    const names = (await conn.listTools()).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation", "trigger-elicitation-request"]),
    );
    expect(conn.info).toMatchObject({ serverName: expect.any(String) as string, protocolVersion: "2025-11-25" });
  });

  it("calls echo", async () => {
    const result = await conn.callTool("echo", { message: "hello" });
    expect(text(result)).toContain("hello");
  });

  it("reports progress of a long-running call", async () => {
    const progress: number[] = [];
    const result = await conn.callTool(
      "trigger-long-running-operation",
      { duration: 0.6, steps: 3 },
      { onProgress: (p) => progress.push(p.progress) },
    );
    expect(text(result)).toMatch(/completed/i);
    // The server may send its last notification after its result (it does not await them): at least two arrive, in order.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([1, 2, 3].slice(0, progress.length));
  });

  it("cancels a call when its signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const err = await failure(
      conn.callTool("trigger-long-running-operation", { duration: 10, steps: 10 }, { signal: controller.signal }),
    );
    expect(err.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(2_000);
    // The connection is still usable afterwards.
    expect(text(await conn.callTool("echo", { message: "still here" }))).toContain("still here");
  });

  it("fails with timeout when the server takes too long", async () => {
    const err = await failure(conn.callTool("trigger-long-running-operation", { duration: 10, steps: 10 }, { timeoutMs: 300 }));
    expect(err.toJSON()).toMatchObject({
      kind: "timeout",
      retryable: true,
      server: "everything",
      tool: "trigger-long-running-operation",
    });
  });

  it("maps a rejected argument to invalid_input, not retryable", async () => {
    const err = await failure(conn.callTool("get-sum", { a: "one", b: 2 }));
    expect(err.kind).toBe("invalid_input");
    expect(err.retryable).toBe(false);
  });
});

describe("server-memory over stdio", () => {
  it("lists its tools and keeps what it is told", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "memory-"));
    const conn = new McpConnection({
      name: "memory",
      config: stdio(MEMORY, [], { MEMORY_FILE_PATH: path.join(dir, "memory.jsonl") }),
    });
    try {
      expect((await conn.listTools()).map((t) => t.name)).toEqual(expect.arrayContaining(["create_entities", "read_graph"]));
      await conn.callTool("create_entities", {
        entities: [{ name: "Ada", entityType: "customer", observations: ["gold tier"] }],
      });
      expect(text(await conn.callTool("read_graph", {}))).toContain("gold tier");
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a stdio server that crashes mid-call", () => {
  it("yields connection_lost, then the next call restarts the process", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crash-"));
    const fixture = path.join(import.meta.dirname, "fixtures/crashing-server.ts");
    const conn = new McpConnection({
      name: "fragile",
      config: stdio(fixture, [], { COUNTER_FILE: path.join(dir, "starts") }),
      backoff: { initialMs: 50, maxMs: 200 },
    });
    try {
      expect(text(await conn.callTool("ping", {}))).toBe("pong from start 1");
      const err = await failure(conn.callTool("crash", {}));
      expect(err.kind).toBe("connection_lost");
      expect(err.retryable).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(text(await conn.callTool("ping", {}))).toBe("pong from start 2");
      expect(conn.stderrTail()).toContain("about to crash on purpose");
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a demo server's tool error", () => {
  it("maps an isError result to tool_error with the server's message", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crm-"));
    const conn = new McpConnection({
      name: "crm",
      config: stdio(path.resolve(import.meta.dirname, "../../examples/mcp-servers/crm.ts"), [], { DEMO_STATE_DIR: dir }),
    });
    try {
      const err = await failure(conn.callTool("find_customer", { email: "nobody@example.com" }));
      expect(err.toJSON()).toMatchObject({ kind: "tool_error", retryable: true, server: "crm", tool: "find_customer" });
      expect(err.message).toMatch(/nobody@example\.com/);
    } finally {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
