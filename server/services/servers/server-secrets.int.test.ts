/**
 * Secrets never leak through error text (issue 15): a stdio server that prints its secret env value to stderr at
 * start-up and exits had that output stored as its last error and returned to every role. Now every text leaving the
 * connection (the stored last error, testConfig's answer, a call's failure, log lines) has the value redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "./mcp-pool";
import * as servers from "./servers";
import { McpConnection } from "../../mcp/connection";
import { McpCallError } from "../../mcp/errors";
import type { McpConnectionManager } from "../../mcp/manager";

const SECRET = "sk-live-0123456789abcdef";
/** Prints its secret (plain, JSON-escaped and as part of a URL) on stderr, then exits: no MCP at all. */
const LEAKY = `process.stderr.write("starting with key " + process.env.API_KEY + "\\n" + JSON.stringify({k: process.env.API_KEY}) + " https://x.example/?token=" + encodeURIComponent(process.env.API_KEY) + "\\n"); process.exit(1);`;

describe("secret values in error texts", () => {
  let t: TestDatabase;
  let deps: { db: TestDatabase["db"]; box: SecretBox; pool: McpConnectionManager };
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    const box = new SecretBox(randomBytes(32));
    deps = { db: t.db, box, pool: createMcpPool(t.db, box) };
  });
  afterAll(async () => {
    await deps.pool.closeAll();
    await t.dispose();
  });

  const config = { transport: "stdio" as const, command: process.execPath, args: ["-e", LEAKY], env: { API_KEY: SECRET } };

  it("are redacted from the stored last error, the server views and testConfig", async () => {
    const { id } = await servers.createServer(deps, { name: "leaky", title: "Leaky", config });
    const { result } = await servers.checkServer(deps, id);
    expect(result.ok).toBe(false);
    const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id } });
    const stored = JSON.stringify(row.lastError);
    expect(stored).toContain("starting with key [redacted]");
    expect(stored).not.toContain(SECRET);
    expect(JSON.stringify(await servers.listServers(deps))).not.toContain(SECRET);
    expect(JSON.stringify(await servers.getServer(deps, id))).not.toContain(SECRET);
    const tested = await servers.testServerConfig(deps, { name: "leaky", config });
    expect(tested.ok).toBe(false);
    expect(JSON.stringify(tested)).toContain("[redacted]");
    expect(JSON.stringify(tested)).not.toContain(SECRET);
  });

  it("are redacted from a call's failure and from log lines", async () => {
    const lines: string[] = [];
    const connection = new McpConnection({ name: "leaky", config, log: (_level, line) => lines.push(line) });
    const err = await connection.callTool("anything", {}).then(
      () => null,
      (e: unknown) => e,
    );
    await connection.close();
    expect(err).toBeInstanceOf(McpCallError);
    const text = JSON.stringify((err as McpCallError).toJSON()) + (err as McpCallError).message + lines.join("\n");
    expect(text).toContain("[redacted]");
    expect(text).not.toContain(SECRET);
  });
});
