/**
 * One pooled connection to one MCP server: connected lazily, reconnected with
 * backoff when it drops (stdio processes are restarted), closed cleanly.
 * Every call takes a timeout and an AbortSignal, reports progress, may carry
 * request `_meta`, and fails with a typed McpCallError.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { McpCallError, toMcpCallError } from "./errors";
import { buildTransport, StderrTail, type BuiltTransport } from "./transports";
import { isUnauthorized, withAuthorization, type ConnectionAuth } from "./oauth/authorization";
import { listAllTools } from "./tool-list";
import type { ClientHandlers, ConnectionInfo, CallOptions, ToolCallResult } from "./types";
import { makeRedactor, secretValuesOf, type Redact } from "@/lib/mcp/redact";

export interface ConnectionOptions {
  /** The server's name in the registry: used in errors and logs. */
  name: string;
  config: McpServerConfig;
  handlers?: ClientHandlers | undefined;
  onToolsChanged?: ((tools: Tool[]) => void) | undefined;
  log?: ((level: "info" | "warn" | "error", message: string) => void) | undefined;
  backoff?: { initialMs: number; maxMs: number } | undefined;
  connectTimeoutMs?: number | undefined;
  clientInfo?: { name: string; version: string } | undefined;
  /** OAuth for an HTTP server (MCP authorization): tokens, refresh, step-up, who consents. */
  auth?: ConnectionAuth | undefined;
}

export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

export class McpConnection {
  private client: Client | null = null;
  private built: BuiltTransport | null = null;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: McpCallError | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly stderr: StderrTail;
  info: ConnectionInfo | null = null;

  /** Takes this server's secret values out of every text that leaves the connection (lib/mcp/redact.ts). */
  readonly redact: Redact;

  constructor(private readonly options: ConnectionOptions) {
    this.redact = makeRedactor(secretValuesOf(options.config));
    this.stderr = new StderrTail(40, (line) => this.log("info", `stderr: ${line}`), this.redact);
  }

  /** The error with secret values taken out of its message and stderr. */
  scrub(err: unknown): unknown {
    if (!(err instanceof McpCallError)) return err;
    const message = this.redact(err.message);
    const stderr = err.details.stderr === undefined ? undefined : this.redact(err.details.stderr);
    if (message === err.message && stderr === err.details.stderr) return err;
    return new McpCallError(err.kind, message, { ...err.details, stderr });
  }

  get name(): string {
    return this.options.name;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  stderrTail(): string {
    return this.stderr.text();
  }

  /** The connected client, connecting first if needed. */
  async ensure(): Promise<Client> {
    try {
      return await this.ensureConnected();
    } catch (err) {
      throw this.scrub(err);
    }
  }

  private async ensureConnected(): Promise<Client> {
    if (this.closed) throw this.error("server_unavailable", "The connection manager is shut down");
    if (this.client) return this.client;
    if (this.connecting) return this.connecting;
    const wait = this.retryAt - Date.now();
    if (wait > 0 && this.lastError) {
      throw new McpCallError(this.lastError.kind, `${this.lastError.message} (next attempt in ${Math.ceil(wait / 1000)} s)`, {
        server: this.name,
        stderr: this.lastError.details.stderr,
      });
    }
    this.connecting = this.authorized(() => this.connect()).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async callTool(tool: string, args: Record<string, unknown>, opts: CallOptions = {}): Promise<ToolCallResult> {
    const client = await this.ensure();
    await opts.beforeSend?.();
    const started = performance.now();
    let result: CallToolResult;
    try {
      result = (await this.authorized(() =>
        client.callTool({ name: tool, arguments: args, ...(opts.meta ? { _meta: opts.meta } : {}) }, undefined, {
          timeout: opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.onProgress ? { onprogress: opts.onProgress } : {}),
        }),
      )) as CallToolResult;
    } catch (err) {
      throw this.scrub(this.callError(err, tool, opts));
    }
    const latencyMs = performance.now() - started;
    if (result.isError) throw this.scrub(toolError(this.name, tool, result));
    return { content: result.content, structuredContent: result.structuredContent, meta: result._meta, latencyMs };
  }

  async listTools(): Promise<Tool[]> {
    const client = await this.ensure();
    try {
      return await this.authorized(() => listAllTools(client));
    } catch (err) {
      throw this.scrub(toMcpCallError(err, { server: this.name, stderr: this.stderrTail() || undefined }));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.close().catch(() => undefined);
  }

  /** Runs an exchange, completing the OAuth authorizations it needs (refresh, step-up, consent). */
  private authorized<T>(op: () => Promise<T>): Promise<T> {
    const { config, auth } = this.options;
    if (!auth || config.transport === "stdio") return op();
    return withAuthorization(this.name, config.url, auth, op);
  }

  private async connect(): Promise<Client> {
    const handlers = this.options.handlers ?? {};
    const client = new Client(this.options.clientInfo ?? { name: "switchyard", version: "0.1.0" }, {
      capabilities: {
        // applyDefaults: fields the person leaves out get the schema's defaults (SEP-1034).
        ...(handlers.elicitation ? { elicitation: { form: { applyDefaults: true } } } : {}),
        ...(handlers.sampling ? { sampling: {} } : {}),
        ...(handlers.roots ? { roots: { listChanged: false } } : {}),
      },
    });
    this.registerHandlers(client, handlers);
    const built = buildTransport(this.options.config, this.stderr, this.options.auth?.provider);
    try {
      await client.connect(built.transport, { timeout: this.options.connectTimeoutMs ?? 30_000 });
    } catch (err) {
      await client.close().catch(() => undefined);
      // Authorization is not a failure to back off from: authorized() completes it or says who must.
      if (this.options.auth && isUnauthorized(err)) throw err;
      const error = this.connectError(err);
      this.failed(error);
      throw error;
    }
    this.failures = 0;
    this.lastError = null;
    this.client = client;
    this.built = built;
    const server = client.getServerVersion();
    this.info = {
      serverName: server?.name ?? "unknown",
      serverVersion: server?.version ?? "unknown",
      protocolVersion: built.protocolVersion() ?? "unknown",
      capabilities: client.getServerCapabilities() ?? {},
      instructions: client.getInstructions(),
      pid: built.pid(),
    };
    client.onclose = () => this.dropped(client);
    client.onerror = (err) => this.log("warn", `transport: ${err.message}`);
    this.log("info", `connected (${this.info.serverName} ${this.info.serverVersion}, protocol ${this.info.protocolVersion})`);
    return client;
  }

  private registerHandlers(client: Client, handlers: ClientHandlers): void {
    const { elicitation, sampling, roots } = handlers;
    if (elicitation)
      client.setRequestHandler(ElicitRequestSchema, (req, extra) => elicitation(this.name, req.params, { signal: extra.signal }));
    if (sampling)
      client.setRequestHandler(CreateMessageRequestSchema, (req, extra) =>
        sampling(this.name, req.params, { signal: extra.signal }),
      );
    if (roots) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: await roots() }));
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      try {
        const tools = await listAllTools(client);
        this.options.onToolsChanged?.(tools);
      } catch (err) {
        this.log("warn", `could not refresh tools after list_changed: ${String(err)}`);
      }
    });
  }

  /** The transport closed. If we did not close it, reconnect with backoff (restarting a stdio process). */
  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.built = null;
    if (this.closed) return;
    const tail = this.stderrTail();
    this.failed(
      new McpCallError("connection_lost", "The connection to the server was lost", {
        server: this.name,
        stderr: tail || undefined,
      }),
    );
    this.log("warn", `connection lost; reconnecting in ${Math.max(0, this.retryAt - Date.now())} ms`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        this.ensure().catch(() => this.scheduleReconnect());
      },
      Math.max(0, this.retryAt - Date.now()),
    );
    this.reconnectTimer.unref();
  }

  private failed(error: McpCallError): void {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 250, maxMs: 30_000 };
    this.failures++;
    this.lastError = error;
    this.retryAt = Date.now() + Math.min(maxMs, initialMs * 2 ** (this.failures - 1));
  }

  private connectError(err: unknown): McpCallError {
    const stderr = this.stderrTail() || undefined;
    const base = toMcpCallError(err, { server: this.name, stderr });
    if (this.options.config.transport === "stdio" && base.kind === "connection_lost") {
      const message = stderr
        ? `The server process exited during start-up. Its last output:\n${stderr}`
        : "The server process exited during start-up without output: is it an MCP server over stdio?";
      return new McpCallError("server_unavailable", message, { server: this.name, stderr, cause: err });
    }
    if (base.kind === "protocol_error" && /JSON|Unexpected token|parse/i.test(base.message)) {
      return new McpCallError(
        "protocol_error",
        `This is not an MCP server: it answered with something other than MCP JSON-RPC (${base.message})`,
        {
          server: this.name,
          stderr,
          cause: err,
        },
      );
    }
    return base;
  }

  private callError(err: unknown, tool: string, opts: CallOptions): McpCallError {
    if (opts.signal?.aborted) {
      return new McpCallError("cancelled", "The call was cancelled", { server: this.name, tool, cause: err });
    }
    const error = toMcpCallError(err, { server: this.name, tool, stderr: this.stderrTail() || undefined });
    if (error.kind === "timeout") {
      return new McpCallError(
        "timeout",
        `No answer within ${opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS} ms; the request was cancelled`,
        {
          server: this.name,
          tool,
          cause: err,
        },
      );
    }
    return error;
  }

  private error(kind: McpCallError["kind"], message: string): McpCallError {
    return new McpCallError(kind, message, { server: this.name });
  }

  private log(level: "info" | "warn" | "error", message: string): void {
    this.options.log?.(level, `[mcp:${this.name}] ${this.redact(message)}`);
  }
}

/** An isError result as a typed failure; the SDK's input validation errors become invalid_input. */
function toolError(server: string, tool: string, result: CallToolResult): McpCallError {
  const text = result.content
    .map((c) => (c.type === "text" ? c.text : ""))
    .join("\n")
    .trim();
  const invalid = /-32602|Input validation error|Invalid arguments/i.test(text);
  return new McpCallError(invalid ? "invalid_input" : "tool_error", text || "The tool reported an error", { server, tool });
}
