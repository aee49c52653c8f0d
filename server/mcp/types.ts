import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  Root,
  CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";

/**
 * The call a server's request belongs to: `stream` when it came on that call's own response stream (Streamable HTTP,
 * the server's related-request id), `only_call` when that call was the only one in flight on the connection.
 */
export interface RelatedCall {
  /** The request `_meta` the call was sent with (the idempotency key is in it). */
  meta: Record<string, unknown>;
  /** `task`: the request names the task (MCP Tasks' related-task `_meta`) of the call. */
  how: "stream" | "only_call" | "task";
}

/**
 * Handlers for requests servers send to us. Elicitation (form and URL) and roots (with list_changed) are advertised on
 * every connection, so that "Test connection" and runs see the same tools; without a handler a question is declined
 * and the roots are an empty list. Sampling is advertised only when its handler is set.
 */
export interface ClientHandlers {
  elicitation?: (
    server: string,
    params: ElicitRequest["params"],
    extra: { signal: AbortSignal; related?: RelatedCall | undefined },
  ) => Promise<ElicitResult>;
  sampling?: (
    server: string,
    params: CreateMessageRequest["params"],
    extra: { signal: AbortSignal },
  ) => Promise<CreateMessageResult>;
  /** The roots offered to this server (its settings). */
  roots?: (server: string) => Promise<Root[]>;
  /**
   * The server says a URL-mode elicitation's out-of-band interaction finished (`notifications/elicitation/complete`).
   * Ids the handler does not know must be ignored (the server may repeat or invent them).
   */
  elicitationComplete?: (server: string, elicitationId: string) => void;
}

export interface CallOptions {
  /**
   * The call's time limit, connecting included. With `onProgress`, a progress token is sent and each progress
   * notification starts the limit again, up to `totalTimeoutMs` in all.
   */
  timeoutMs?: number | undefined;
  /** With `onProgress`: the most a call may take however often it reports progress (default 10 × timeoutMs, at most 1 h). */
  totalTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: { progress: number; total?: number | undefined; message?: string | undefined }) => void) | undefined;
  /** Request `_meta` (the executor sends its idempotency key here). */
  meta?: Record<string, unknown> | undefined;
  /** Awaited once the connection is ready, just before the request is handed to the transport (the executor records it). */
  beforeSend?: (() => Promise<void>) | undefined;
  /**
   * Asked when the server answers that it no longer knows the session (it restarted; the request was not processed):
   * true sends the call again over a new session (idempotent tools); otherwise it fails as retryable connection_lost.
   */
  resendOnNewSession?: (() => Promise<boolean>) | undefined;
  /**
   * A tool that supports tasks (MCP Tasks) is called as a task: its reference is handed here, and awaited, before the
   * connection waits for it (the executor commits it, so another process can resume waiting after a crash).
   */
  onTask?: ((task: TaskRef) => Promise<void>) | undefined;
  /** Waits for this task (created by an earlier call, maybe in another process) instead of calling the tool. */
  resumeTask?: TaskRef | undefined;
  /**
   * false: structured content that breaks the tool's declared output schema is returned as it is. By default (true) it
   * fails the call as protocol_error, the same on every transport and connection (plain calls and tasks).
   */
  validateOutput?: boolean | undefined;
  /**
   * Each log message (`notifications/message`) the server sends for this call: on its response stream (Streamable
   * HTTP), else while it is the only call in flight. Without the server's secrets; the app log gets every message.
   */
  onLog?: ((log: { level: string; logger?: string | undefined; message: string }) => void) | undefined;
  /** Each change of the task's status or status message. */
  onTaskStatus?: ((update: TaskStatusUpdate) => void) | undefined;
}

/** A task created by a tool call (MCP Tasks): enough to wait for it from any process. */
export interface TaskRef {
  taskId: string;
  /** Streamable HTTP: the session the task was created in (a server may keep tasks per session). */
  sessionId?: string | undefined;
  /** The server's poll interval (bounded). */
  pollMs: number;
  /** When it was created (ms since the epoch): the call's total limit counts from here. */
  createdAt: number;
}

export interface TaskStatusUpdate {
  taskId: string;
  status: "working" | "input_required" | "completed" | "failed" | "cancelled";
  message?: string | undefined;
}

export interface ToolCallResult {
  content: CallToolResult["content"];
  structuredContent?: Record<string, unknown> | undefined;
  meta?: Record<string, unknown> | undefined;
  latencyMs: number;
}

export interface ConnectionInfo {
  serverName: string;
  serverVersion: string;
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  instructions?: string | undefined;
  pid: number | null;
}

/** The idempotency key travels in this request `_meta` entry. */
export const IDEMPOTENCY_META_KEY = "dev.switchyard/idempotency-key";

/** A tool as listed by a server (name, schemas, annotations). */
export type { Tool as McpToolInfo } from "@modelcontextprotocol/sdk/types.js";

/** What a server asks in `elicitation/create`, and the answer it gets (for code outside server/mcp). */
export type ElicitationParams = ElicitRequest["params"];
export type ElicitationAnswer = ElicitResult;
