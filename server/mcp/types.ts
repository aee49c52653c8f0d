import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  Root,
  CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";

/** Handlers for requests servers send to us. A capability is advertised only when its handler is set. */
export interface ClientHandlers {
  elicitation?: (server: string, params: ElicitRequest["params"], extra: { signal: AbortSignal }) => Promise<ElicitResult>;
  sampling?: (
    server: string,
    params: CreateMessageRequest["params"],
    extra: { signal: AbortSignal },
  ) => Promise<CreateMessageResult>;
  roots?: () => Promise<Root[]>;
}

export interface CallOptions {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: { progress: number; total?: number | undefined; message?: string | undefined }) => void) | undefined;
  /** Request `_meta` (the executor sends its idempotency key here). */
  meta?: Record<string, unknown> | undefined;
  /** Awaited once the connection is ready, just before the request is handed to the transport (the executor records it). */
  beforeSend?: (() => Promise<void>) | undefined;
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
