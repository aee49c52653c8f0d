/**
 * The client under test for the MCP conformance suite (tools/conformance/run.mjs).
 *
 * The suite starts a test server per scenario and runs
 *   node --import tsx server/mcp/conformance/client.ts <server url>
 * with MCP_CONFORMANCE_SCENARIO set. Everything goes through our own
 * connection layer (McpConnection over Streamable HTTP), so the suite checks
 * what Switchyard actually does, not a hand-written SDK client.
 *
 * Exits 0 when the scenario's exchange completed as expected, 1 otherwise
 * (the suite counts a non-zero exit as a failure). Logs go to stderr, which
 * the suite saves as stderr.txt next to checks.json.
 *
 * The elicitation handler accepts with an empty form, so the connection layer
 * must fill in the schema's defaults (SEP-1034): that is what the scenario
 * tests. CONFORMANCE_ELICITATION=prefill answers with the defaults itself, as
 * a person accepting a pre-filled form would.
 */
import type { ElicitRequest, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { McpConnection } from "../connection";
import { McpCallError } from "../errors";
import type { ToolCallResult } from "../types";

type ElicitContent = NonNullable<ElicitResult["content"]>;
type Scenario = (conn: McpConnection) => Promise<void>;

const log = (message: string) => console.error(`[conformance-client] ${message}`);

/** The schema's default for every field that has one: what a person accepting the pre-filled form sends. */
function elicitationDefaults(params: ElicitRequest["params"]): ElicitContent {
  const content: ElicitContent = {};
  if (params.mode === "url" || !("requestedSchema" in params)) return content;
  for (const [key, schema] of Object.entries(params.requestedSchema.properties)) {
    const fallback = (schema as { default?: unknown }).default;
    if (
      typeof fallback === "string" ||
      typeof fallback === "number" ||
      typeof fallback === "boolean" ||
      (Array.isArray(fallback) && fallback.every((v) => typeof v === "string"))
    ) {
      content[key] = fallback;
    }
  }
  return content;
}

function elicit(_server: string, params: ElicitRequest["params"]): Promise<ElicitResult> {
  const prefill = process.env.CONFORMANCE_ELICITATION === "prefill";
  const content = prefill ? elicitationDefaults(params) : {};
  log(`elicitation "${params.message}": accepting with ${JSON.stringify(content)}`);
  return Promise.resolve({ action: "accept", content });
}

const text = (result: ToolCallResult) =>
  result.content
    .map((c) => (c.type === "text" ? c.text : ""))
    .join("\n")
    .trim();

function expectText(result: ToolCallResult, pattern: RegExp, what: string): void {
  const got = text(result);
  log(`${what} answered: ${got}`);
  if (!pattern.test(got)) throw new Error(`${what}: expected ${String(pattern)}, got ${JSON.stringify(got)}`);
}

async function requireTool(conn: McpConnection, name: string): Promise<void> {
  const tools = (await conn.listTools()).map((t) => t.name);
  log(`tools: ${tools.join(", ") || "(none)"}`);
  if (!tools.includes(name)) throw new Error(`the server does not list the tool "${name}"`);
}

const scenarios: Record<string, Scenario> = {
  /** Handshake only: protocol version, clientInfo, initialized notification. */
  initialize: async (conn) => {
    await conn.ensure();
  },

  /** List the tools and call add_numbers. */
  tools_call: async (conn) => {
    await requireTool(conn, "add_numbers");
    expectText(await conn.callTool("add_numbers", { a: 5, b: 3 }), /\b8\b/, "add_numbers");
  },

  /**
   * The server closes the tools/call SSE stream after a priming event with
   * `retry: 500`; the transport must reconnect with GET after ~500 ms, sending
   * Last-Event-ID, and receive the result there.
   */
  "sse-retry": async (conn) => {
    await requireTool(conn, "test_reconnection");
    expectText(
      await conn.callTool("test_reconnection", {}, { timeoutMs: 15_000 }),
      /Reconnection test completed successfully/,
      "test_reconnection",
    );
  },

  /** The tool elicits a form whose fields all have defaults; we accept it and the defaults must arrive. */
  "elicitation-sep1034-client-defaults": async (conn) => {
    await requireTool(conn, "test_client_elicitation_defaults");
    expectText(
      await conn.callTool("test_client_elicitation_defaults", {}, { timeoutMs: 15_000 }),
      /^Elicitation completed:/,
      "test_client_elicitation_defaults",
    );
  },
};

async function main(): Promise<number> {
  const url = process.argv.at(-1);
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
  if (!url || !/^https?:\/\//.test(url)) {
    log("usage: node --import tsx server/mcp/conformance/client.ts <server url>  (MCP_CONFORMANCE_SCENARIO=<name>)");
    return 2;
  }
  const run = scenarios[scenario];
  if (!run) {
    log(`unsupported scenario "${scenario}"; supported: ${Object.keys(scenarios).join(", ")}`);
    return 2;
  }
  log(`scenario ${scenario} against ${url}`);
  const conn = new McpConnection({
    name: "conformance",
    config: { transport: "http", url, headers: {} },
    handlers: { elicitation: elicit },
    clientInfo: { name: "switchyard-conformance", version: "0.1.0" },
    connectTimeoutMs: 10_000,
    log: (level, message) => log(`${level}: ${message}`),
  });
  try {
    await run(conn);
    log(`connected as protocol ${conn.info?.protocolVersion ?? "?"} to ${conn.info?.serverName ?? "?"}; scenario done`);
    return 0;
  } catch (err) {
    const detail = err instanceof McpCallError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
    log(`FAILED: ${detail}`);
    return 1;
  } finally {
    await conn.close();
  }
}

process.exit(await main());
