/** How a connection's failures read: start-up, calls and isError results as typed McpCallErrors. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { McpCallError, toMcpCallError } from "./errors";
import type { CallOptions } from "./types";
import { progressTotalLimitMs } from "@/lib/mcp/call-limits";

export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** The most a call reporting progress may take: its own choice, else 10 × its time limit, at most an hour (never less than the limit). */
export function totalTimeout(opts: Pick<CallOptions, "timeoutMs" | "totalTimeoutMs">): number {
  return progressTotalLimitMs(opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, opts.totalTimeoutMs);
}

export function connectError(
  err: unknown,
  server: string,
  transport: McpServerConfig["transport"],
  stderr: string | undefined,
): McpCallError {
  const base = toMcpCallError(err, { server, stderr });
  if (transport === "stdio" && base.kind === "connection_lost") {
    const message = stderr
      ? `The server process exited during start-up. Its last output:\n${stderr}`
      : "The server process exited during start-up without output: is it an MCP server over stdio?";
    return new McpCallError("server_unavailable", message, { server, stderr, cause: err });
  }
  if (base.kind === "protocol_error" && /JSON|Unexpected token|parse/i.test(base.message)) {
    return new McpCallError(
      "protocol_error",
      `This is not an MCP server: it answered with something other than MCP JSON-RPC (${base.message})`,
      { server, stderr, cause: err },
    );
  }
  return base;
}

/** A failed call; `dropCause` is what the transport said before it closed (an oversized message). */
export function callError(
  err: unknown,
  where: { server: string; tool: string; stderr: string | undefined },
  opts: CallOptions,
  dropCause: McpCallError | null,
): McpCallError {
  const { server, tool } = where;
  if (opts.signal?.aborted) return new McpCallError("cancelled", "The call was cancelled", { server, tool, cause: err });
  const error = toMcpCallError(err, where);
  if (error.kind === "connection_lost" && dropCause)
    return new McpCallError(dropCause.kind, dropCause.message, { server, tool, cause: err });
  if (error.kind !== "timeout") return error;
  const total = /Maximum total timeout/i.test(error.message);
  const message = total
    ? `Still not finished after ${totalTimeout(opts)} ms, the most a call reporting progress may take; the request was cancelled`
    : `No answer within ${opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS} ms${opts.onProgress ? " since the last progress" : ""}; the request was cancelled`;
  return new McpCallError("timeout", message, { server, tool, cause: err });
}

/** An isError result as a typed failure; the SDK's input validation errors become invalid_input. */
export function toolError(server: string, tool: string, result: CallToolResult): McpCallError {
  const text = result.content
    .map((c) => (c.type === "text" ? c.text : ""))
    .join("\n")
    .trim();
  if (/Output validation error/i.test(text))
    return new McpCallError("protocol_error", `The tool's result does not match its declared output schema: ${text}`, {
      server,
      tool,
    });
  const invalid = /-32602|Input validation error|Invalid arguments/i.test(text);
  return new McpCallError(invalid ? "invalid_input" : "tool_error", text || "The tool reported an error", { server, tool });
}
