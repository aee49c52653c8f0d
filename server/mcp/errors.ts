/**
 * Typed, serializable failures of MCP calls. Every failure of the MCP layer is
 * an McpCallError of one kind, marked retryable or not, with the server (and
 * tool) it concerns and, for processes, the tail of their stderr.
 */
import { McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SseError } from "@modelcontextprotocol/sdk/client/sse.js";

export const MCP_ERROR_KINDS = [
  "tool_error",
  "invalid_input",
  "timeout",
  "connection_lost",
  "protocol_error",
  "auth_required",
  "server_unavailable",
  "cancelled",
  /** A task (MCP Tasks) the server no longer knows: whether the tool did its work is unknown. */
  "task_lost",
] as const;
export type McpErrorKind = (typeof MCP_ERROR_KINDS)[number];

/** Whether trying again later may succeed. */
export const RETRYABLE: Record<McpErrorKind, boolean> = {
  tool_error: true,
  invalid_input: false,
  timeout: true,
  connection_lost: true,
  protocol_error: false,
  auth_required: false,
  server_unavailable: true,
  cancelled: false,
  task_lost: false,
};

export interface McpCallErrorJson {
  kind: McpErrorKind;
  message: string;
  retryable: boolean;
  server: string;
  tool?: string | undefined;
  stderr?: string | undefined;
  httpStatus?: number | undefined;
}

export class McpCallError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly kind: McpErrorKind,
    message: string,
    readonly details: {
      server: string;
      tool?: string | undefined;
      stderr?: string | undefined;
      httpStatus?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.name = "McpCallError";
    this.retryable = RETRYABLE[kind];
  }

  toJSON(): McpCallErrorJson {
    const { server, tool, stderr, httpStatus } = this.details;
    return { kind: this.kind, message: this.message, retryable: this.retryable, server, tool, stderr, httpStatus };
  }
}

interface Where {
  server: string;
  tool?: string | undefined;
  stderr?: string | undefined;
}

/** Maps anything thrown by the SDK, a transport or the OS to an McpCallError. */
export function toMcpCallError(err: unknown, where: Where): McpCallError {
  if (err instanceof McpCallError) return err;
  const make = (kind: McpErrorKind, message: string, httpStatus?: number) =>
    new McpCallError(kind, message, { ...where, httpStatus, cause: err });
  if (err instanceof McpError) return fromMcpError(err, make);
  const status = httpStatusOf(err);
  if (status !== undefined) return fromHttpStatus(status, err, make);
  const code = errnoOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === "ENOENT") return make("server_unavailable", `The command was not found: ${message}`);
  if (code === "EACCES") return make("server_unavailable", `The command cannot be executed (permission denied): ${message}`);
  if (code === "ECONNREFUSED")
    return make("server_unavailable", `Nothing is listening at the server's address (connection refused)`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return make("server_unavailable", `The server's host name could not be resolved`);
  if (code === "ECONNRESET" || code === "EPIPE") return make("connection_lost", `The connection was reset: ${message}`);
  if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED/.test(code))
    return make("server_unavailable", `TLS error: ${message} (${code})`);
  if (err instanceof Error && err.name === "AbortError") return make("cancelled", "The call was cancelled");
  if (err instanceof TypeError && message === "fetch failed") {
    const cause = (err.cause as Error | undefined)?.message;
    return make("server_unavailable", `The server could not be reached${cause ? `: ${cause}` : ""}`);
  }
  return make("protocol_error", message);
}

function fromMcpError(err: McpError, make: (kind: McpErrorKind, message: string) => McpCallError): McpCallError {
  const message = err.message.replace(/^MCP error -?\d+: /, "");
  const code: number = err.code;
  if (code === (ErrorCode.RequestTimeout as number)) return make("timeout", message);
  if (code === (ErrorCode.ConnectionClosed as number))
    return make("connection_lost", `The connection closed before the server answered: ${message}`);
  // The SDK checks the result against the tool's output schema: the server's answer is wrong, not our input.
  if (/output schema|did not return structured content|validate structured content/i.test(message))
    return make("protocol_error", `The tool's result does not match its declared output schema: ${message}`);
  if (/requires task-based execution/i.test(message))
    return make(
      "protocol_error",
      "This tool runs only as an MCP task (taskSupport: required), which Switchyard does not call yet",
    );
  if (code === (ErrorCode.InvalidParams as number)) return make("invalid_input", message);
  return make("protocol_error", `${message} (MCP error ${code})`);
}

function fromHttpStatus(
  status: number,
  err: unknown,
  make: (kind: McpErrorKind, message: string, s?: number) => McpCallError,
): McpCallError {
  const detail = err instanceof Error ? err.message : "";
  if (status === 401)
    return make("auth_required", "The server requires authorization (HTTP 401): check the bearer token or headers", status);
  if (status === 403)
    return make("auth_required", "The server refused access (HTTP 403): the credentials lack permission", status);
  if (status === 404)
    return make("server_unavailable", "No MCP endpoint at this URL (HTTP 404): check the path, often /mcp", status);
  if (status === 405 || status === 415 || status === 406) {
    return make("protocol_error", `The URL does not speak MCP over this transport (HTTP ${status})`, status);
  }
  if (status >= 500) return make("server_unavailable", `The server failed (HTTP ${status}): ${detail}`, status);
  return make("protocol_error", `Unexpected HTTP ${status}: ${detail}`, status);
}

function httpStatusOf(err: unknown): number | undefined {
  if (err instanceof StreamableHTTPError || err instanceof SseError) return err.code;
  // Duck-typed too: test runners and bundlers may load a second copy of the SDK's classes.
  const code = (err as { code?: unknown } | null)?.code;
  const name = (err as { constructor?: { name?: string } } | null)?.constructor?.name ?? "";
  if (typeof code === "number" && code >= 100 && code < 600 && /HTTPError|SseError/.test(name)) return code;
  if (err instanceof Error) {
    const m = /\bHTTP (\d{3})\b|status code (\d{3})|Non-200 status code \((\d{3})\)/.exec(err.message);
    const s = m?.[1] ?? m?.[2] ?? m?.[3];
    if (s) return Number(s);
  }
  return undefined;
}

function errnoOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
