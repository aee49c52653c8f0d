/**
 * The connection manager: one pooled McpConnection per server per process.
 * Connections are created on first use from the registry's current config,
 * dropped when the config changes, and all closed on shutdown.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { McpConnection, type ConnectionOptions } from "./connection";
import { McpCallError } from "./errors";
import type { CallOptions, ClientHandlers, ToolCallResult } from "./types";
import type { ConnectionAuth } from "./oauth/authorization";

export interface ManagerOptions {
  /** Looks up a server's current config (decrypted) by name; null when unknown or disabled. */
  resolve: (server: string) => Promise<McpServerConfig | null>;
  handlers?: ClientHandlers | undefined;
  onToolsChanged?: ((server: string, tools: Tool[]) => void) | undefined;
  log?: ConnectionOptions["log"];
  backoff?: ConnectionOptions["backoff"];
  /** OAuth for a server whose config has `oauth` (its stored tokens, who can consent). */
  authFor?: ((server: string, config: McpServerConfig) => ConnectionAuth | undefined) | undefined;
  clientInfo?: ConnectionOptions["clientInfo"];
  connectTimeoutMs?: ConnectionOptions["connectTimeoutMs"];
}

export class McpConnectionManager {
  private readonly connections = new Map<string, Promise<McpConnection>>();
  private closed = false;

  constructor(private readonly options: ManagerOptions) {}

  /** The pooled connection for a server (not yet connected: that happens on first use). */
  async connection(server: string): Promise<McpConnection> {
    if (this.closed) throw new McpCallError("server_unavailable", "Shutting down", { server });
    let pending = this.connections.get(server);
    if (!pending) {
      pending = this.create(server);
      this.connections.set(server, pending);
      pending.catch(() => this.connections.delete(server));
    }
    return pending;
  }

  async callTool(server: string, tool: string, args: Record<string, unknown>, opts?: CallOptions): Promise<ToolCallResult> {
    return (await this.connection(server)).callTool(tool, args, opts);
  }

  async listTools(server: string): Promise<Tool[]> {
    return (await this.connection(server)).listTools();
  }

  /** Announces changed roots to a server's connection in this process, if it is connected (false otherwise). */
  async rootsChanged(server: string): Promise<boolean> {
    const pending = this.connections.get(server);
    if (!pending) return false;
    const connection = await pending.catch(() => null);
    return connection ? connection.rootsChanged() : false;
  }

  /** Forget a server's connection (its config changed, or it was removed or disabled). */
  async invalidate(server: string): Promise<void> {
    const pending = this.connections.get(server);
    this.connections.delete(server);
    if (pending) await (await pending.catch(() => null))?.close();
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close()));
  }

  private async create(server: string): Promise<McpConnection> {
    const config = await this.options.resolve(server);
    if (!config)
      throw new McpCallError("server_unavailable", `No enabled MCP server named "${server}" is registered`, { server });
    return new McpConnection({
      name: server,
      config,
      handlers: this.options.handlers,
      onToolsChanged: (tools) => this.options.onToolsChanged?.(server, tools),
      log: this.options.log,
      backoff: this.options.backoff,
      auth: this.options.authFor?.(server, config),
      clientInfo: this.options.clientInfo,
      connectTimeoutMs: this.options.connectTimeoutMs,
    });
  }
}
