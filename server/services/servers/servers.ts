/**
 * The MCP server registry: add, edit, enable/disable, remove, test, and keep
 * each server's tool catalog. Secrets are encrypted at rest and never leave
 * the server: callers get redacted configs.
 */
import type { Db } from "../../db/client";
import { DbNull, jsonValue } from "../../db/json";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "../../util/ids";
import type { SecretBox } from "../../security/secrets";
import type { McpConnectionManager } from "../../mcp/manager";
import { testConnection, type TestConnectionResult } from "../../mcp/test-connection";
import { SERVER_NAME_PATTERN, serverConfigSchema, type McpServerConfig } from "@/lib/mcp/server-config";
import { joinConfig, mergeSecrets, redactConfig, splitConfig, type PublicConfig } from "./server-config-store";
import { syncTools, type CatalogChange } from "./tool-catalog";
import { oauthConnectionsOf } from "./oauth-registry";
import { problem } from "@/lib/workflow/problems";
import { zodProblems } from "@/lib/workflow/validate";

export interface ServerDeps {
  db: Db;
  box: SecretBox;
  pool: McpConnectionManager;
}

export interface ServerInput {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  config: McpServerConfig;
}

function publicConfig(row: { config: unknown }): PublicConfig {
  return row.config as PublicConfig;
}

export async function listServers({ db }: ServerDeps) {
  const rows = await db.mcpServer.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { tools: { where: { removedAt: null } } } } },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    transport: row.transport as McpServerConfig["transport"],
    enabled: row.enabled,
    toolCount: row._count.tools,
    lastCheckedAt: row.lastCheckedAt,
    lastCheckOk: row.lastCheckOk,
    lastError: row.lastError as { kind: string; message: string } | null,
    summary: summary(publicConfig(row)),
  }));
}

export async function getServer({ db }: ServerDeps, id: string) {
  const row = await db.mcpServer.findUnique({
    where: { id },
    include: {
      tools: { where: { removedAt: null }, orderBy: { name: "asc" } },
      toolChanges: { orderBy: { detectedAt: "desc" }, take: 20 },
    },
  });
  if (!row) throw notFound(`MCP server ${id}`);
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    enabled: row.enabled,
    config: redactConfig(publicConfig(row)),
    lastCheckedAt: row.lastCheckedAt,
    lastCheckOk: row.lastCheckOk,
    lastError: row.lastError as { kind: string; message: string; stderr?: string } | null,
    serverInfo: row.serverInfo as {
      serverName: string;
      serverVersion: string;
      protocolVersion: string;
      capabilities: string[];
    } | null,
    toolsRefreshedAt: row.toolsRefreshedAt,
    tools: row.tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema as Record<string, unknown>,
      outputSchema: t.outputSchema as Record<string, unknown> | null,
      annotations: (t.annotations ?? {}) as {
        readOnlyHint?: boolean;
        destructiveHint?: boolean;
        idempotentHint?: boolean;
        openWorldHint?: boolean;
      },
      schemaHash: t.schemaHash,
    })),
    toolChanges: row.toolChanges.map((c) => ({ toolName: c.toolName, kind: c.kind, detectedAt: c.detectedAt })),
  };
}

export async function createServer(deps: ServerDeps, input: ServerInput): Promise<{ id: string }> {
  const config = validate(input);
  if (await deps.db.mcpServer.findUnique({ where: { name: input.name } })) {
    throw new AppError("conflict", `A server named "${input.name}" already exists`, [
      problem(["name"], "duplicate", "is already used by another server"),
    ]);
  }
  const stored = splitConfig(config, deps.box);
  const row = await deps.db.mcpServer.create({
    data: {
      id: newId("srv"),
      name: input.name,
      title: input.title?.trim() ?? "",
      description: input.description?.trim() ?? "",
      transport: config.transport,
      config: jsonValue(stored.config),
      secrets: stored.secrets,
    },
  });
  return { id: row.id };
}

export async function updateServer(deps: ServerDeps, id: string, input: ServerInput): Promise<void> {
  const row = await deps.db.mcpServer.findUnique({ where: { id } });
  if (!row) throw notFound(`MCP server ${id}`);
  const previous = joinConfig(publicConfig(row), row.secrets, deps.box);
  const config = validate({ ...input, config: mergeSecrets(input.config, previous) });
  if (input.name !== row.name && (await deps.db.mcpServer.findUnique({ where: { name: input.name } }))) {
    throw new AppError("conflict", `A server named "${input.name}" already exists`, [
      problem(["name"], "duplicate", "is already used by another server"),
    ]);
  }
  const stored = splitConfig(config, deps.box);
  await deps.db.mcpServer.update({
    where: { id },
    data: {
      name: input.name,
      title: input.title?.trim() ?? "",
      description: input.description?.trim() ?? "",
      transport: config.transport,
      config: jsonValue(stored.config),
      secrets: stored.secrets,
    },
  });
  await deps.pool.invalidate(row.name);
}

export async function setServerEnabled(deps: ServerDeps, id: string, enabled: boolean): Promise<void> {
  const row = await deps.db.mcpServer.update({ where: { id }, data: { enabled } }).catch(() => null);
  if (!row) throw notFound(`MCP server ${id}`);
  await deps.pool.invalidate(row.name);
}

export async function removeServer(deps: ServerDeps, id: string): Promise<void> {
  const row = await deps.db.mcpServer.delete({ where: { id } }).catch(() => null);
  if (!row) throw notFound(`MCP server ${id}`);
  await deps.pool.invalidate(row.name);
}

/** Tests an unsaved config (from the form); secrets still marked as set come from the stored server `id`. */
export async function testServerConfig(
  deps: ServerDeps,
  input: { id?: string | undefined; name: string; config: McpServerConfig },
): Promise<TestConnectionResult> {
  let config = input.config;
  if (input.id) {
    const row = await deps.db.mcpServer.findUnique({ where: { id: input.id } });
    if (row) config = mergeSecrets(config, joinConfig(publicConfig(row), row.secrets, deps.box));
  }
  const name = input.name || "server";
  const valid = validate({ ...input, config });
  // An OAuth server is tested with its stored tokens (saved servers only; a new one must be connected first).
  return testConnection(name, valid, undefined, input.id ? oauthConnectionsOf(deps.pool)?.authFor(name, valid) : undefined);
}

/** Tests a saved server, records the outcome, and on success refreshes its tool catalog. */
export async function checkServer(
  deps: ServerDeps,
  id: string,
  now = new Date(),
): Promise<{ result: TestConnectionResult; changes: CatalogChange[] }> {
  const row = await deps.db.mcpServer.findUnique({ where: { id } });
  if (!row) throw notFound(`MCP server ${id}`);
  const config = joinConfig(publicConfig(row), row.secrets, deps.box);
  const result = await testConnection(row.name, config, undefined, oauthConnectionsOf(deps.pool)?.authFor(row.name, config));
  if (!result.ok) {
    await deps.db.mcpServer.update({
      where: { id },
      data: { lastCheckedAt: now, lastCheckOk: false, lastError: jsonValue(result.error) },
    });
    return { result, changes: [] };
  }
  const { tools, ok: _ok, ...info } = result;
  await deps.db.mcpServer.update({
    where: { id },
    data: { lastCheckedAt: now, lastCheckOk: true, lastError: DbNull, serverInfo: jsonValue(info) },
  });
  const changes = await syncTools(deps.db, id, tools, now);
  return { result, changes };
}

function validate(input: ServerInput): McpServerConfig {
  const problems = [];
  if (!SERVER_NAME_PATTERN.test(input.name)) {
    problems.push(
      problem(["name"], "invalid_name", "must start with a letter and use only lowercase letters, digits, - and _ (40 at most)"),
    );
  }
  const parsed = serverConfigSchema.safeParse(input.config);
  if (!parsed.success) problems.push(...zodProblems(parsed.error, ["config"]));
  if (problems.length > 0 || !parsed.success) throw new AppError("invalid", "The server settings have problems", problems);
  return parsed.data;
}

function summary(config: PublicConfig): string {
  return config.transport === "stdio" ? [config.command, ...config.args].join(" ") : config.url;
}
