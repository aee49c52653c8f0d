/**
 * "Test connection" on the Servers page: connect with a fresh client, list the
 * tools, ping, and report what the server is; or say precisely why not.
 */
import type { McpServerConfig } from "@/lib/mcp/server-config";
import type { ConnectionTestResult } from "@/lib/mcp/test-result";
import { McpConnection } from "./connection";
import type { McpCallErrorJson } from "./errors";
import { type McpCallError, toMcpCallError } from "./errors";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectionAuth } from "./oauth/authorization";

/** The page's result (lib/mcp/test-result.ts) with the tools listed and the error typed. */
export type TestConnectionResult =
  (Extract<ConnectionTestResult, { ok: true }> & { tools: Tool[] }) | { ok: false; error: McpCallErrorJson };

export async function testConnection(
  name: string,
  config: McpServerConfig,
  timeoutMs = 15_000,
  auth?: ConnectionAuth,
): Promise<TestConnectionResult> {
  const connection = new McpConnection({ name, config, connectTimeoutMs: timeoutMs, backoff: { initialMs: 0, maxMs: 0 }, auth });
  const started = performance.now();
  const deadline = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout:${timeoutMs}`)), timeoutMs);
    t.unref();
  });
  try {
    await Promise.race([connection.ensure(), deadline]);
    const connectMs = performance.now() - started;
    const tools = await Promise.race([connection.listTools(), deadline]);
    const pingStarted = performance.now();
    await connection.ping(timeoutMs);
    const roundTripMs = performance.now() - pingStarted;
    const info = connection.info!;
    return {
      ok: true,
      serverName: info.serverName,
      serverVersion: info.serverVersion,
      protocolVersion: info.protocolVersion,
      capabilities: Object.keys(info.capabilities).sort(),
      toolCount: tools.length,
      roundTripMs: round(roundTripMs),
      connectMs: round(connectMs),
      tools,
    };
  } catch (err) {
    const stderr = connection.stderrTail() || undefined;
    if (err instanceof Error && err.message === `timeout:${timeoutMs}`) {
      return {
        ok: false,
        error: {
          kind: "timeout",
          message: connection.redact(
            `The server did not complete the MCP handshake within ${timeoutMs / 1000} s${stderr ? `. Its last output:\n${stderr}` : ""}`,
          ),
          retryable: true,
          server: name,
          stderr,
        },
      };
    }
    const error = connection.scrub(toMcpCallError(err, { server: name, stderr })) as McpCallError;
    return { ok: false, error: error.toJSON() };
  } finally {
    await connection.close();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
