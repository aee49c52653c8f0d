/**
 * The official MCP Inspector CLI (@modelcontextprotocol/inspector-cli, a pinned devDependency) lists and calls a
 * published workflow on Switchyard's /mcp, as a user would from a terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { setUpMcpTest, type McpTestEnv } from "../../test/mcp-server-setup";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js");

let env: McpTestEnv;
beforeAll(async () => {
  env = await setUpMcpTest();
});
afterAll(async () => {
  await env?.dispose();
});

async function inspector(...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [CLI, "--cli", env.server.url, "--transport", "http", "--header", `Authorization: Bearer ${env.runnerToken}`, ...args],
    // The CLI finds its own package.json by a path relative to the working directory (build/index.js), so it runs there.
    { timeout: 60_000, cwd: path.dirname(CLI) },
  );
  return JSON.parse(stdout) as unknown;
}

describe("MCP Inspector CLI against /mcp", () => {
  it("lists the offered workflow as a tool", { timeout: 90_000 }, async () => {
    const listed = (await inspector("--method", "tools/list")) as { tools: { name: string; inputSchema: unknown }[] };
    const greet = listed.tools.find((t) => t.name === "greet_customer");
    expect(greet?.inputSchema).toMatchObject({ type: "object", required: ["name"] });
  });

  it("calls it and gets the run's result", { timeout: 90_000 }, async () => {
    const before = await env.t.db.run.count({ where: { workflowId: env.workflows.quick } });
    const result = (await inspector("--method", "tools/call", "--tool-name", "greet_customer", "--tool-arg", "name=Grace")) as {
      structuredContent: unknown;
      isError?: boolean;
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ greeting: "Hello Grace" });
    expect(await env.t.db.run.count({ where: { workflowId: env.workflows.quick } })).toBe(before + 1);
    const origin = await env.t.db.mcpRunRequest.findFirstOrThrow({ where: { workflowId: env.workflows.quick } });
    expect(origin.clientName).toMatch(/inspector/i);
  });
});
