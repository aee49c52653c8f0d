/**
 * Sessions that end under a call (defects 1 and 5 of issue 19), against the fidelity fixture as a real process over
 * Streamable HTTP and stdio: a server restarted mid-session, one killed mid-call, DELETE on close, and a server that
 * hangs at initialize within a call's time limit.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { testConnection } from "./test-connection";
import { eventually, FIDELITY, startFidelityHttp, stdio, type HttpFixture } from "./testing";

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

let dir: string;
let events: string;
let server: HttpFixture | null = null;
const lines = () => (existsSync(events) ? readFileSync(events, "utf8").split("\n").filter(Boolean) : []);
const http = (s: HttpFixture) => ({ transport: "http" as const, url: s.url, headers: {} });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "session-"));
  events = path.join(dir, "events");
});
afterEach(async () => {
  await server?.kill();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe("a Streamable HTTP server restarted mid-session", () => {
  // Without a standalone GET stream, the client learns of the restart only from the 404 of its next request.
  const env = () => ({ EVENTS_FILE: events, NO_SSE_GET: "1" });

  it("starts a new session by itself: idempotent calls are sent again, others fail as retryable and work next time", async () => {
    server = await startFidelityHttp(env());
    const conn = new McpConnection({ name: "fixture", config: http(server), backoff: { initialMs: 10, maxMs: 50 } });
    try {
      expect(text(await conn.callTool("echo", { message: "one" }))).toBe("echo: one");
      await server.kill();
      server = await startFidelityHttp(env(), server.port);

      const resent = await conn.callTool("echo", { message: "two" }, { resendOnNewSession: () => Promise.resolve(true) });
      expect(text(resent)).toBe("echo: two");

      await server.kill();
      server = await startFidelityHttp(env(), server.port);
      const err = await failure(conn.callTool("write", {}, { resendOnNewSession: () => Promise.resolve(false) }));
      expect(err.toJSON()).toMatchObject({ kind: "connection_lost", retryable: true });
      expect(err.message).toMatch(/no longer knows this session/);
      expect(lines().filter((l) => l.startsWith("write"))).toEqual([]); // not processed, not re-sent
      expect(text(await conn.callTool("write", {}))).toBe("written 1");
    } finally {
      await conn.close();
    }
  });

  it("Test connection and the pooled calls agree after a restart", async () => {
    server = await startFidelityHttp(env());
    const conn = new McpConnection({ name: "fixture", config: http(server) });
    try {
      await conn.listTools();
      await server.kill();
      server = await startFidelityHttp(env(), server.port);
      expect((await testConnection("fixture", http(server))).ok).toBe(true);
      expect((await conn.listTools()).map((t) => t.name)).toContain("echo");
    } finally {
      await conn.close();
    }
  });
});

describe("a Streamable HTTP server with a standalone stream, restarted", () => {
  it("is noticed when the stream breaks, and the connection comes back by itself", async () => {
    server = await startFidelityHttp({ EVENTS_FILE: events });
    const conn = new McpConnection({ name: "fixture", config: http(server), backoff: { initialMs: 50, maxMs: 200 } });
    try {
      await conn.callTool("echo", { message: "one" });
      await server.kill();
      await eventually(() => !conn.connected, 10_000, "the connection to notice");
      server = await startFidelityHttp({ EVENTS_FILE: events }, server.port);
      await eventually(() => conn.connected, 10_000, "the connection to come back");
      expect(text(await conn.callTool("echo", { message: "two" }))).toBe("echo: two");
    } finally {
      await conn.close();
    }
  });
});

describe("a Streamable HTTP server killed mid-call", () => {
  it("fails the call as connection_lost at once, not after its time limit", async () => {
    server = await startFidelityHttp({ EVENTS_FILE: events });
    const conn = new McpConnection({ name: "fixture", config: http(server), backoff: { initialMs: 10, maxMs: 50 } });
    try {
      const call = failure(conn.callTool("hang", {}, { timeoutMs: 20_000 }));
      await eventually(() => lines().includes("hang"), 15_000, "the call to arrive");
      const killedAt = Date.now();
      await server.kill();
      const err = await call;
      expect(err.kind).toBe("connection_lost");
      expect(err.retryable).toBe(true);
      expect(Date.now() - killedAt).toBeLessThan(8_000);
    } finally {
      await conn.close();
    }
  });
});

describe("closing a Streamable HTTP connection", () => {
  it("ends the session with DELETE", async () => {
    server = await startFidelityHttp({ EVENTS_FILE: events });
    const conn = new McpConnection({ name: "fixture", config: http(server) });
    await conn.callTool("echo", { message: "hi" });
    await conn.close();
    expect(lines().filter((l) => l.startsWith("delete "))).toHaveLength(1);
  });
});

describe("a server that hangs at initialize", () => {
  it.each([
    ["stdio", () => Promise.resolve(stdio(FIDELITY, [], { HANG_INIT: "1" }))],
    ["Streamable HTTP", async () => http((server = await startFidelityHttp({ HANG_INIT: "1" })))],
  ] as const)("over %s, a call with a 1.5 s limit fails within it, never sent", async (_label, config) => {
    const conn = new McpConnection({ name: "hanging", config: await config() });
    let sent = false;
    const started = Date.now();
    try {
      const err = await failure(
        conn.callTool("echo", { message: "x" }, { timeoutMs: 1_500, beforeSend: () => Promise.resolve(void (sent = true)) }),
      );
      expect(err.kind).toBe("timeout");
      expect(err.message).toMatch(/Could not connect to the server within the call's time limit \(1500 ms\)/);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(sent).toBe(false);
    } finally {
      await conn.close();
    }
  });
});
