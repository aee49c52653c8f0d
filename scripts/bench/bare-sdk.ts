/**
 * The baseline for bench:mcp: the bare MCP SDK Client, configured as the
 * connection layer configures its own (no capabilities, stderr piped), so the
 * only difference measured is the layer itself.
 */
/* eslint-disable @typescript-eslint/no-restricted-imports -- the benchmark's baseline is the bare SDK, outside server/mcp */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
/* eslint-enable @typescript-eslint/no-restricted-imports */
import type { McpServerConfig } from "@/lib/mcp/server-config";

export interface BareClient {
  /** One tools/call; resolves with the raw result. */
  call(tool: string, args: Record<string, unknown>): Promise<unknown>;
  /** The server process for stdio (null for HTTP). */
  pid: number | null;
  close(): Promise<void>;
}

export async function connectBare(config: McpServerConfig): Promise<BareClient> {
  const client = new Client({ name: "switchyard-bench-bare", version: "0.1.0" }, { capabilities: {} });
  let pid: number | null = null;
  if (config.transport === "stdio") {
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env: config.env,
      cwd: config.cwd ?? process.cwd(),
      stderr: "pipe",
    });
    transport.stderr?.on("data", () => undefined); // drain, as the connection layer does
    await client.connect(transport);
    pid = transport.pid;
  } else {
    await client.connect(new StreamableHTTPClientTransport(new URL(config.url)));
  }
  return {
    call: (tool, args) => client.callTool({ name: tool, arguments: args }),
    pid,
    close: () => client.close().catch(() => undefined),
  };
}
