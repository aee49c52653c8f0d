/**
 * An MCP server over stdio with one tool whose result is large: `export_log`
 * returns `lines` log lines (about 100 bytes each; 10,000 lines is about 1 MB)
 * as text, one of which (line `needleAt`) holds the refund code NEEDLE-4242.
 * For the agent context-management tests: the model must never see it whole.
 *
 *   node --import tsx examples/test-fixtures/big-result-server.ts
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { logLines } from "./log-lines";

const mcp = new McpServer({ name: "switchyard-test-big-result", version: "1.0.0" });
mcp.registerTool(
  "export_log",
  {
    title: "Export the warehouse log",
    description: "Returns the warehouse log as text, one line per entry (large).",
    inputSchema: {
      lines: z.number().int().min(1).max(50_000).describe("How many lines"),
      needleAt: z.number().int().min(1).describe("The line holding the refund code"),
    },
    annotations: {
      title: "Export the log",
      readOnlyHint: true,
      idempotentHint: true,
      destructiveHint: false,
      openWorldHint: false,
    },
  },
  ({ lines, needleAt }) => ({ content: [{ type: "text", text: logLines(lines, needleAt) }] }),
);

await mcp.connect(new StdioServerTransport());
const stop = () => void mcp.close().finally(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
process.stdin.once("end", stop);
