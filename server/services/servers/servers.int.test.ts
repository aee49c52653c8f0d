/** The server registry on real databases, with a real MCP server from npm. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "./mcp-pool";
import * as servers from "./servers";
import { syncTools } from "./tool-catalog";
import { EVERYTHING, stdio } from "../../mcp/testing";
import { SECRET_SET } from "@/lib/mcp/server-config";
import { AppError } from "@/lib/errors";
import type { McpConnectionManager } from "../../mcp/manager";

describe.each(PROVIDERS)("MCP server registry on %s", (provider) => {
  let t: TestDatabase;
  let deps: { db: TestDatabase["db"]; box: SecretBox; pool: McpConnectionManager };
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const box = new SecretBox(randomBytes(32));
    deps = { db: t.db, box, pool: createMcpPool(t.db, box) };
  });
  afterAll(async () => {
    await deps.pool.closeAll();
    await t.dispose();
  });

  const everything = (env: Record<string, string>) => ({
    name: "everything",
    title: "Everything",
    config: { ...stdio(EVERYTHING), env },
  });

  it("encrypts secret values at rest and never returns them", async () => {
    const { id } = await servers.createServer(deps, everything({ API_KEY: "sk-very-secret" }));
    const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain("sk-very-secret");
    expect(row.secrets).toMatch(/^v1:/);
    const shown = await servers.getServer(deps, id);
    expect(shown.config).toMatchObject({ transport: "stdio", env: { API_KEY: SECRET_SET } });
    expect(JSON.stringify(shown)).not.toContain("sk-very-secret");
  });

  it("keeps a secret that the form left as set, and the server process receives it", async () => {
    const [row] = await servers.listServers(deps);
    const shown = await servers.getServer(deps, row!.id);
    await servers.updateServer(deps, row!.id, { name: "everything", title: "Renamed", config: shown.config });
    const result = await deps.pool.callTool("everything", "get-env", {});
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    expect(text).toContain("sk-very-secret");
  });

  it("tests a saved server, records its identity and lists its tools with annotations", async () => {
    const [row] = await servers.listServers(deps);
    const { result } = await servers.checkServer(deps, row!.id);
    expect(result.ok).toBe(true);
    const shown = await servers.getServer(deps, row!.id);
    expect(shown.lastCheckOk).toBe(true);
    expect(shown.serverInfo?.protocolVersion).toBe("2025-11-25");
    const echo = shown.tools.find((t) => t.name === "echo");
    expect(echo?.inputSchema).toMatchObject({ type: "object", properties: { message: expect.any(Object) as object } });
    expect(shown.tools.some((t) => t.annotations.readOnlyHint === true)).toBe(true);
    expect(
      shown.tools.find((t) => Object.keys((t.inputSchema.properties as object | undefined) ?? {}).length === 0),
    ).toBeDefined();
  });

  it("records a failed check with a precise error", async () => {
    const { id } = await servers.createServer(deps, { name: "broken", config: stdio("/does/not/exist.js") });
    const { result } = await servers.checkServer(deps, id);
    expect(result.ok).toBe(false);
    const shown = await servers.getServer(deps, id);
    expect(shown.lastCheckOk).toBe(false);
    expect(shown.lastError?.kind).toBe("server_unavailable");
  });

  const byName = async (name: string) => (await servers.listServers(deps)).find((s) => s.name === name)!;

  it("records added, changed and removed tools", async () => {
    const { id } = await byName("everything");
    const tools = (await servers.getServer(deps, id)).tools.map((t) => ({
      name: t.name,
      inputSchema: t.inputSchema as { type: "object" },
    }));
    const changed = tools.map((t) =>
      t.name === "echo" ? { ...t, inputSchema: { type: "object" as const, properties: { text: { type: "string" } } } } : t,
    );
    const withoutSum = changed.filter((t) => t.name !== "get-sum");
    const changes = await syncTools(t.db, id, [...withoutSum, { name: "brand-new", inputSchema: { type: "object" } }]);
    expect(changes).toEqual(
      expect.arrayContaining([
        { toolName: "echo", kind: "changed" },
        { toolName: "get-sum", kind: "removed" },
        { toolName: "brand-new", kind: "added" },
      ]),
    );
    const history = (await servers.getServer(deps, id)).toolChanges.map((c) => `${c.kind}:${c.toolName}`);
    expect(history).toEqual(expect.arrayContaining(["changed:echo", "removed:get-sum", "added:brand-new"]));
  });

  it("mirrors the server: an output schema or annotations the server no longer lists are removed", async () => {
    const { id } = await byName("everything");
    const tool = { name: "mirror", inputSchema: { type: "object" as const } };
    await syncTools(t.db, id, [{ ...tool, outputSchema: { type: "object" }, annotations: { idempotentHint: true } }]);
    await syncTools(t.db, id, [tool]);
    const row = await t.db.mcpTool.findFirstOrThrow({ where: { serverId: id, name: "mirror" } });
    expect({ outputSchema: row.outputSchema, annotations: row.annotations }).toEqual({ outputSchema: null, annotations: null });
  });

  it("refuses bad settings with every problem", async () => {
    const err = await servers
      .createServer(deps, { name: "Bad Name", config: { transport: "http", url: "ftp://x", headers: {} } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).problems.map((p) => p.path.join("."))).toEqual(["name", "config.url"]);
  });

  it("disables and removes a server, closing its connection", async () => {
    const row = await byName("everything");
    await servers.setServerEnabled(deps, row.id, false);
    await expect(deps.pool.callTool("everything", "echo", { message: "x" })).rejects.toThrow(
      /No enabled MCP server named "everything"/,
    );
    await servers.removeServer(deps, row.id);
    expect((await servers.listServers(deps)).map((s) => s.name)).toEqual(["broken"]);
  });
});
