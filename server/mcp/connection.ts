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
  ElicitationCompleteNotificationSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  RELATED_TASK_META_KEY,
  ToolListChangedNotificationSchema,
  CallToolResultSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { McpCallError, toMcpCallError } from "./errors";
import { buildTransport, StderrTail, type BuiltTransport } from "./transports";
import { isUnauthorized, withAuthorization, type ConnectionAuth } from "./oauth/authorization";
import { listAllTools, listedTools } from "./tool-list";
import type { ClientHandlers, ConnectionInfo, CallOptions, RelatedCall, TaskRef, ToolCallResult } from "./types";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { awaitTask, createToolTask, unrecordedTask } from "./tasks";
import { isSessionGone, within } from "./session";
import { callError, connectError, DEFAULT_CALL_TIMEOUT_MS, toolError, totalTimeout } from "./connection-errors";
import { makeRedactor, secretValuesOf, type Redact } from "@/lib/mcp/redact";
import { CompletionWaiters, completeUrlElicitations, urlElicitationsOf } from "./url-required";
import { keepNotificationOrder } from "./message-order";

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

export { DEFAULT_CALL_TIMEOUT_MS, totalTimeout } from "./connection-errors";

export class McpConnection {
  private client: Client | null = null;
  private built: BuiltTransport | null = null;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: McpCallError | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** The client and transport of a connect still under way (handshake not answered yet): close() ends it too. */
  private handshake: { client: Client; built: BuiltTransport } | null = null;
  /** Calls in flight on this connection, with the `_meta` they were sent with and where their server's logs go. */
  private readonly calls = new Map<number, { meta: Record<string, unknown>; onLog?: CallOptions["onLog"] }>();
  private callSeq = 0;
  /** Tasks being waited for on this connection, with the `_meta` of the call that created them. */
  private readonly tasks = new Map<string, Record<string, unknown>>();
  /** Why the transport is about to close, when it says so first (an oversized stdio message). */
  private dropCause: McpCallError | null = null;
  private probing = false;
  /** Calls refused with URLElicitationRequired wait here for the server's completion of each link. */
  private readonly urlWaiters = new CompletionWaiters();
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
    const timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    // The call's time limit bounds all of it, connecting and initializing included.
    const deadline = Date.now() + timeoutMs;
    const seq = ++this.callSeq;
    this.calls.set(seq, { meta: opts.meta ?? {}, onLog: opts.onLog });
    try {
      const client = await this.ensureBefore(deadline, timeoutMs, tool, opts.signal);
      const started = performance.now();
      const result = opts.resumeTask
        ? await this.resumeTask(client, tool, opts.resumeTask, opts)
        : listedTools(client).isToolTask(tool)
          ? await this.callAsTask(client, tool, args, opts, deadline)
          : await (async () => {
              await opts.beforeSend?.();
              return this.inSession(
                client,
                (c) => this.send(c, tool, args, opts, deadline),
                () => this.ensureBefore(deadline, timeoutMs, tool, opts.signal),
                async () => (await opts.resendOnNewSession?.()) === true,
                tool,
              );
            })();
      const latencyMs = performance.now() - started;
      if (result.isError) throw this.scrub(toolError(this.name, tool, result));
      return { content: result.content, structuredContent: result.structuredContent, meta: result._meta, latencyMs };
    } finally {
      this.calls.delete(seq);
    }
  }

  private async send(
    client: Client,
    tool: string,
    args: Record<string, unknown>,
    opts: CallOptions,
    deadline: number,
    afterLinks = false,
  ): Promise<CallToolResult> {
    let result: CallToolResult;
    try {
      // `tools/call` as a plain request: the output schema is checked below, as the state chose (Client.callTool would
      // always refuse a result that breaks it).
      const params = { name: tool, arguments: args, ...(opts.meta ? { _meta: opts.meta } : {}) };
      result = await this.authorized<CallToolResult>(() =>
        client.request({ method: "tools/call", params }, CallToolResultSchema, {
          timeout: Math.max(1, deadline - Date.now()),
          ...(opts.signal ? { signal: opts.signal } : {}),
          // A progress token goes with the call; each notification starts the time limit again, up to the total.
          ...(opts.onProgress
            ? {
                onprogress: this.redactedProgress(opts.onProgress),
                resetTimeoutOnProgress: true,
                maxTotalTimeout: totalTimeout(opts),
              }
            : {}),
        }),
      );
    } catch (err) {
      // Refused until a person opens the server's links: asked in the inbox, completed, then sent again once.
      const links = urlElicitationsOf(err);
      const handler = this.options.handlers?.elicitation;
      if (!links?.length || !handler || afterLinks) throw this.scrub(this.callError(err, tool, opts));
      const related = { meta: opts.meta ?? {}, how: "stream" as const };
      const ctx = { server: this.name, tool, handler, related, waiters: this.urlWaiters, deadline, signal: opts.signal };
      await completeUrlElicitations(links, ctx).catch((e: unknown) => {
        throw this.scrub(e);
      });
      this.log("info", `${tool}: the server's links were opened and completed; sending the call again`);
      return this.send(client, tool, args, opts, deadline, true);
    }
    if (opts.validateOutput !== false) this.validateOutput(client, tool, result);
    return result;
  }

  /**
   * A tool that supports tasks (MCP Tasks): `tools/call` creates a task, whose reference is handed to `onTask` (the
   * executor commits it) before any waiting; then the task is polled to its end and its result fetched once.
   */
  private async callAsTask(
    client: Client,
    tool: string,
    args: Record<string, unknown>,
    opts: CallOptions,
    deadline: number,
  ): Promise<CallToolResult> {
    await opts.beforeSend?.();
    const where = { server: this.name, tool, stderr: undefined };
    let ref: TaskRef;
    try {
      ref = await this.authorized(() =>
        createToolTask(
          client,
          { tool, args, meta: opts.meta },
          {
            timeoutMs: Math.max(1, deadline - Date.now()),
            ttlMs: totalTimeout(opts),
            signal: opts.signal,
            sessionId: this.sessionId(),
          },
        ),
      );
    } catch (err) {
      throw this.scrub(callError(err, where, opts, this.dropCause));
    }
    this.log("info", `${tool}: task ${ref.taskId} created (poll every ${ref.pollMs} ms)`);
    try {
      await opts.onTask?.(ref);
    } catch (err) {
      // Not recorded, nobody would wait for it: cancelled on the server, the call's outcome unknown.
      throw this.scrub(await unrecordedTask(client, ref, where, err));
    }
    return this.waitForTask(client, tool, ref, opts);
  }

  /**
   * Waits for a task created earlier, maybe by another process. A task of another Streamable HTTP session (the
   * process that created it is gone) is waited for in that session. The session is left to expire, never ended
   * here: the dead process's other tasks live in it too, and other runs (maybe on other workers) still wait for them.
   */
  private async resumeTask(client: Client, tool: string, ref: TaskRef, opts: CallOptions): Promise<CallToolResult> {
    const { config } = this.options;
    if (!ref.sessionId || config.transport !== "http" || ref.sessionId === this.sessionId())
      return this.waitForTask(client, tool, ref, opts);
    const side = this.newClient();
    const built = buildTransport(config, this.stderr, this.options.auth?.provider, ref.sessionId);
    try {
      // With a session id, the client does not initialize again: it joins the session.
      await side.connect(built.transport, { timeout: this.options.connectTimeoutMs ?? 30_000 });
      keepNotificationOrder(built.transport);
      this.log("info", `${tool}: waiting for task ${ref.taskId} in its own session`);
      return await this.waitForTask(side, tool, ref, opts);
    } finally {
      await side.close().catch(() => undefined);
    }
  }

  /** Progress messages reach every viewer's browser: this server's secrets are taken out first. */
  private redactedProgress(report: NonNullable<CallOptions["onProgress"]>): NonNullable<CallOptions["onProgress"]> {
    return (p) => report(p.message === undefined ? p : { ...p, message: this.redact(p.message) });
  }

  private redactedStatus(report: NonNullable<CallOptions["onTaskStatus"]>): NonNullable<CallOptions["onTaskStatus"]> {
    return (u) => report(u.message === undefined ? u : { ...u, message: this.redact(u.message) });
  }

  private async waitForTask(client: Client, tool: string, ref: TaskRef, opts: CallOptions): Promise<CallToolResult> {
    this.tasks.set(ref.taskId, opts.meta ?? {});
    try {
      const result = await this.authorized(() =>
        awaitTask(client, ref, {
          server: this.name,
          tool,
          timeoutMs: opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
          totalMs: totalTimeout(opts),
          signal: opts.signal,
          onStatus: opts.onTaskStatus && this.redactedStatus(opts.onTaskStatus),
        }),
      );
      if (opts.validateOutput !== false) this.validateOutput(client, tool, result);
      return result;
    } catch (err) {
      throw this.scrub(err instanceof McpCallError ? err : toMcpCallError(err, { server: this.name, tool }));
    } finally {
      this.tasks.delete(ref.taskId);
    }
  }

  /**
   * A result is held to the tool's output schema (listed on every new connection, see primeTools), for plain calls and
   * tasks alike, unless the caller chose to take it as it is.
   */
  private validateOutput(client: Client, tool: string, result: CallToolResult): void {
    const validator = listedTools(this.client ?? client).getToolOutputValidator(tool);
    if (!validator || result.isError) return;
    const fail = (why: string) =>
      new McpCallError("protocol_error", `The tool's result does not match its declared output schema: ${why}`, {
        server: this.name,
        tool,
      });
    if (!result.structuredContent) throw fail("it has an output schema but returned no structured content");
    const check = validator(result.structuredContent);
    if (!check.valid) throw fail(check.errorMessage ?? "invalid");
  }

  /** The Streamable HTTP session id of the current connection, if any. */
  private sessionId(): string | undefined {
    const transport = this.built?.transport;
    return transport instanceof StreamableHTTPClientTransport ? transport.sessionId : undefined;
  }

  /**
   * Runs an exchange in the current session. When the server no longer knows the session (it restarted), a new
   * session is initialized and the exchange is sent again if `resend` allows (the server did not process it);
   * otherwise the call fails as retryable, saying so.
   */
  private async inSession<T>(
    client: Client,
    op: (client: Client) => Promise<T>,
    reconnect: () => Promise<Client>,
    resend: () => Promise<boolean>,
    tool?: string,
  ): Promise<T> {
    try {
      return await op(client);
    } catch (err) {
      if (!isSessionGone(err)) throw err;
      this.sessionGone(client);
      if (!(await resend())) {
        throw new McpCallError(
          "connection_lost",
          "The server no longer knows this session (it restarted): the request was not processed. A new session will be used; the call was not sent again because the tool is not marked idempotent, so the step follows its retry policy.",
          { server: this.name, tool, httpStatus: (err as McpCallError).details.httpStatus },
        );
      }
      this.log("info", "the server no longer knows the session: initialized a new one and sent the request again");
      return op(await reconnect());
    }
  }

  /** Forgets a session the server no longer knows (no DELETE: it is gone); the next use initializes a new one. */
  private sessionGone(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.built = null;
    void client.close().catch(() => undefined);
  }

  /** The connected client, connecting first within what is left of the call's time limit. */
  private async ensureBefore(deadline: number, timeoutMs: number, tool: string, signal?: AbortSignal): Promise<Client> {
    if (this.client) return this.client;
    return within(this.ensure(), deadline - Date.now(), signal, {
      late: () =>
        new McpCallError(
          "timeout",
          `Could not connect to the server within the call's time limit (${timeoutMs} ms); the request was never sent`,
          { server: this.name, tool, stderr: this.stderrTail() || undefined },
        ),
      aborted: () => new McpCallError("cancelled", "The call was cancelled while connecting", { server: this.name, tool }),
    });
  }

  async listTools(): Promise<Tool[]> {
    const client = await this.ensure();
    const list = async (c: Client) => {
      try {
        return await this.authorized(() => listAllTools(c));
      } catch (err) {
        throw this.scrub(toMcpCallError(err, { server: this.name, stderr: this.stderrTail() || undefined }));
      }
    };
    return this.inSession(
      client,
      list,
      () => this.ensure(),
      () => Promise.resolve(true),
    );
  }

  /** The client, pinging the server first over a new session if the old one is gone (Test connection). */
  async ping(timeoutMs: number): Promise<void> {
    const client = await this.ensure();
    const ping = async (c: Client) => {
      try {
        await c.ping({ timeout: timeoutMs });
      } catch (err) {
        throw this.scrub(toMcpCallError(err, { server: this.name }));
      }
    };
    await this.inSession(
      client,
      ping,
      () => this.ensure(),
      () => Promise.resolve(true),
    );
  }

  /**
   * Tells the server its roots changed (`notifications/roots/list_changed`), if it is connected: a server that cached
   * them asks `roots/list` again. A server not connected gets the current roots when it next asks.
   */
  async rootsChanged(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.sendRootsListChanged();
      return true;
    } catch (err) {
      this.log("warn", `could not announce changed roots: ${String(err)}`);
      return false;
    }
  }

  /** Closes the connection; a Streamable HTTP session is ended with DELETE first (briefly: the server may be gone). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    const built = this.built;
    const handshake = this.handshake;
    this.client = null;
    this.built = null;
    this.handshake = null;
    // A server still in its handshake (a caller gave up waiting for it) is stopped now, not when the connect's own time
    // limit passes: a stdio process would otherwise outlive the connection, and the process that closed it.
    if (handshake) await handshake.built.abort();
    await built?.endSession(2_000);
    if (client) await client.close().catch(() => undefined);
  }

  /** Runs an exchange, completing the OAuth authorizations it needs (refresh, step-up, consent). */
  private authorized<T>(op: () => Promise<T>): Promise<T> {
    const { config, auth } = this.options;
    if (!auth || config.transport === "stdio") return op();
    return withAuthorization(this.name, config.url, auth, op);
  }

  private async connect(): Promise<Client> {
    const client = this.newClient();
    const built = buildTransport(this.options.config, this.stderr, this.options.auth?.provider);
    const handshake = { client, built };
    this.handshake = handshake;
    try {
      await client.connect(built.transport, { timeout: this.options.connectTimeoutMs ?? 30_000 });
      keepNotificationOrder(built.transport);
      await this.primeTools(client);
    } catch (err) {
      await client.close().catch(() => undefined);
      if (this.closed) throw this.error("server_unavailable", "The connection was closed during its handshake");
      // Authorization is not a failure to back off from: authorized() completes it or says who must.
      if (this.options.auth && isUnauthorized(err)) throw err;
      const error = this.connectError(err);
      this.failed(error);
      throw error;
    } finally {
      if (this.handshake === handshake) this.handshake = null;
    }
    if (this.closed) {
      await client.close().catch(() => undefined);
      throw this.error("server_unavailable", "The connection was closed during its handshake");
    }
    this.failures = 0;
    this.lastError = null;
    this.dropCause = null;
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
    client.onerror = (err) => this.transportError(client, err);
    this.log("info", `connected (${this.info.serverName} ${this.info.serverVersion}, protocol ${this.info.protocolVersion})`);
    return client;
  }

  /** A client with the one capability set of every connection, and the handlers of servers' requests. */
  private newClient(): Client {
    const handlers = this.options.handlers ?? {};
    const client = new Client(this.options.clientInfo ?? { name: "switchyard", version: "0.1.0" }, {
      capabilities: {
        // The same on every connection (Test connection and runs): servers that register tools by the client's
        // capabilities show the same tools everywhere. applyDefaults: fields left out get the schema's defaults (SEP-1034).
        // URL mode: a link for a person to open (with consent) in the inbox; its completion is awaited there.
        elicitation: { form: { applyDefaults: true }, url: {} },
        ...(handlers.sampling ? { sampling: {} } : {}),
        // A change of a server's roots (Servers page) is announced with notifications/roots/list_changed.
        roots: { listChanged: true },
      },
    });
    this.registerHandlers(client, handlers);
    return client;
  }

  private registerHandlers(client: Client, handlers: ClientHandlers): void {
    const { elicitation, sampling, roots, elicitationComplete } = handlers;
    client.setRequestHandler(ElicitRequestSchema, (req, extra) =>
      elicitation
        ? elicitation(this.name, req.params, {
            signal: extra.signal,
            related: this.relatedCall(extra.requestId, req.params._meta),
          })
        : Promise.resolve({ action: "decline" as const }),
    );
    if (sampling)
      client.setRequestHandler(CreateMessageRequestSchema, (req, extra) =>
        sampling(this.name, req.params, { signal: extra.signal }),
      );
    // Asked by the server (e.g. where it may read files): the server's configured roots, else none.
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots ? await roots(this.name) : [] }));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => this.serverLog(n.params));
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
      this.urlWaiters.done(n.params.elicitationId);
      elicitationComplete?.(this.name, n.params.elicitationId);
    });
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      try {
        const tools = await listAllTools(client);
        this.options.onToolsChanged?.(tools);
      } catch (err) {
        this.log("warn", `could not refresh tools after list_changed: ${String(err)}`);
      }
    });
  }

  /**
   * Lists the tools once on every new connection: the SDK validates a result's structured content against the tool's
   * output schema, and refuses task-only tools, only for tools it has listed. Without this, the same result passed on
   * a fresh connection and failed after a list_changed (or over another transport).
   */
  private async primeTools(client: Client): Promise<void> {
    if (!client.getServerCapabilities()?.tools) return;
    try {
      await listAllTools(client);
    } catch (err) {
      this.log("warn", `could not list the tools after connecting: ${String(err)}`);
    }
  }

  /**
   * A server's log message (`notifications/message`) goes to the app log at its level, bounded, and to the call it
   * belongs to (the call whose response stream carried it, else the only call in flight), without the server's secrets.
   */
  private serverLog(params: { level: string; logger?: string | undefined; data?: unknown }): void {
    const level = ["debug", "info", "notice"].includes(params.level) ? "info" : params.level === "warning" ? "warn" : "error";
    const data = typeof params.data === "string" ? params.data : JSON.stringify(params.data);
    const text = (data ?? "").length > 2_000 ? `${(data ?? "").slice(0, 2_000)}…` : (data ?? "");
    this.log(level, `server log (${params.level}${params.logger ? `, ${params.logger}` : ""}): ${text}`);
    const streamMeta = this.built?.watch?.logMeta(params);
    const calls = [...this.calls.values()];
    const call = streamMeta ? calls.find((c) => sameMeta(c.meta, streamMeta)) : calls.length === 1 ? calls[0] : undefined;
    call?.onLog?.({ level: params.level, logger: params.logger, message: this.redact(text) });
  }

  /**
   * The call a server's request belongs to: the one whose task it names (MCP Tasks), the one whose response stream
   * carried it, else the only one in flight.
   */
  private relatedCall(requestId: string | number, requestMeta?: Record<string, unknown>): RelatedCall | undefined {
    const task = requestMeta?.[RELATED_TASK_META_KEY] as { taskId?: unknown } | undefined;
    const taskMeta = typeof task?.taskId === "string" ? this.tasks.get(task.taskId) : undefined;
    if (taskMeta) return { meta: taskMeta, how: "task" };
    const meta = this.built?.watch?.relatedMeta(requestId);
    if (meta) return { meta, how: "stream" };
    const [only, ...others] = [...this.calls.values()];
    return only && others.length === 0 ? { meta: only.meta, how: "only_call" } : undefined;
  }

  /**
   * A transport error. A response stream that broke (the server died or restarted mid-call; over HTTP+SSE, the event
   * stream) is checked with a ping:
   * when the server does not answer in this session, the connection is dropped at once, so the calls in flight fail
   * as connection_lost instead of waiting for their time limit. An oversized stdio message is remembered as the cause.
   */
  private transportError(client: Client, err: Error): void {
    this.log("warn", `transport: ${err.message}`);
    const oversized = /ReadBuffer exceeded maximum size of (\d+)/.exec(err.message);
    if (oversized) {
      const mb = Math.round(Number(oversized[1]) / (1024 * 1024));
      this.dropCause = new McpCallError(
        "protocol_error",
        `The server sent a message larger than ${mb} MB, the limit of one message over stdio (e.g. a very large result); the connection was restarted`,
        { server: this.name },
      );
      return;
    }
    // Streamable HTTP's response or standalone stream broke, or the legacy transport's event stream failed ("SSE error").
    const broken = /SSE stream disconnected|Failed to reconnect|Maximum reconnection|^SSE error/i;
    if (!broken.test(err.message) || this.probing) return;
    this.probing = true;
    client
      .ping({ timeout: 5_000 })
      .catch(() => {
        if (this.client !== client) return;
        this.log("warn", "the server stopped answering in this session (it died or restarted): dropping the connection");
        void client.close().catch(() => undefined);
      })
      .finally(() => {
        this.probing = false;
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
    return connectError(err, this.name, this.options.config.transport, this.stderrTail() || undefined);
  }

  private callError(err: unknown, tool: string, opts: CallOptions): McpCallError {
    return callError(err, { server: this.name, tool, stderr: this.stderrTail() || undefined }, opts, this.dropCause);
  }

  private error(kind: McpCallError["kind"], message: string): McpCallError {
    return new McpCallError(kind, message, { server: this.name });
  }

  private log(level: "info" | "warn" | "error", message: string): void {
    this.options.log?.(level, `[mcp:${this.name}] ${this.redact(message)}`);
  }
}

/** The `_meta` a call was sent with and the one read back from its request body (with the SDK's progress token). */
function sameMeta(sent: Record<string, unknown>, seen: Record<string, unknown>): boolean {
  const { progressToken: _token, ...rest } = seen;
  return JSON.stringify(sent) === JSON.stringify(rest);
}
