/** "Test connection" names what is wrong precisely, or what the server is. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { testConnection } from "./test-connection";
import { McpConnection } from "./connection";
import { EVERYTHING, freePort, stdio } from "./testing";

let web: Server;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  web = createServer((req, res) => {
    if (req.url === "/needs-auth") return void res.writeHead(401, { "WWW-Authenticate": "Bearer" }).end("unauthorized");
    if (req.url === "/forbidden") return void res.writeHead(403).end("forbidden");
    if (req.url === "/html")
      return void res.writeHead(200, { "Content-Type": "text/html" }).end("<html><body>Hello</body></html>");
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => web.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

/** Built when the test runs (the web server's port is known only then). */
const http = (path: string) => () => ({ transport: "http" as const, url: `${base}${path}`, headers: {} });

describe("testConnection", () => {
  it("sees the same tools as the connections runs use (one capability set everywhere)", async () => {
    const result = await testConnection("everything", stdio(EVERYTHING));
    const conn = new McpConnection({
      name: "everything",
      config: stdio(EVERYTHING),
      handlers: { elicitation: () => Promise.resolve({ action: "decline" }) },
    });
    try {
      const runs = (await conn.listTools()).map((t) => t.name).sort();
      expect(result.ok && result.tools.map((t) => t.name).sort()).toEqual(runs);
      expect(runs).toContain("trigger-elicitation-request"); // registered only for clients that can be asked
    } finally {
      await conn.close();
    }
  });

  it("reports the server's identity, protocol, capabilities, tools and round trip", async () => {
    const result = await testConnection("everything", stdio(EVERYTHING));
    expect(result).toMatchObject({
      ok: true,
      serverName: expect.stringContaining("everything") as string,
      protocolVersion: "2025-11-25",
      capabilities: expect.arrayContaining(["tools", "prompts", "resources"]) as string[],
    });
    if (result.ok) {
      expect(result.toolCount).toBeGreaterThan(10);
      expect(result.roundTripMs).toBeGreaterThan(0);
    }
  });

  it.each([
    [
      "a command that does not exist",
      () => stdio("/nonexistent/server.js"),
      "server_unavailable",
      /exited during start-up|not found/,
    ],
    [
      "a process that dies at start",
      () => ({
        transport: "stdio" as const,
        command: process.execPath,
        args: ["-e", "console.error('missing API key FOO'); process.exit(3)"],
        env: {},
      }),
      "server_unavailable",
      /missing API key FOO/,
    ],
    ["HTTP 401", http("/needs-auth"), "auth_required", /HTTP 401/],
    ["HTTP 403", http("/forbidden"), "auth_required", /HTTP 403/],
    ["HTTP 404", http("/nothing"), "server_unavailable", /HTTP 404/],
    [
      "a port where nothing listens",
      () => ({ transport: "http" as const, url: "http://127.0.0.1:1/mcp", headers: {} }),
      "server_unavailable",
      /could not be reached|connection refused/i,
    ],
  ])("explains %s", async (_label, config, kind, message) => {
    const result = await testConnection("probe", config(), 8_000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind, result.error.message).toBe(kind);
      expect(result.error.message).toMatch(message);
    }
  });

  it("says when a web page is not an MCP server", async () => {
    const result = await testConnection("probe", http("/html")(), 8_000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(["protocol_error", "server_unavailable"]).toContain(result.error.kind);
  });

  it("gives up on a process that never answers the handshake, within the time limit, and stops it", async () => {
    // Its command line carries a marker of its own, to look for among the machine's processes afterwards (on a loaded
    // machine it may be stopped before it has run a line of its own, so it cannot be asked to say its pid).
    const marker = `silent-${randomUUID()}`;
    const silent = {
      transport: "stdio" as const,
      command: process.execPath,
      args: ["-e", "setInterval(() => {}, 1000)", marker],
      env: {},
    };
    const started = Date.now();
    const result = await testConnection("probe", silent, 1_500);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.ok ? null : result.error.kind).toBe("timeout");
    // The process is gone when the answer comes (it used to outlive the test until the handshake's own limit).
    expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toContain(marker);
  });
});
