/**
 * The client under test for the MCP conformance suite (tools/conformance/run.mjs).
 *
 * The suite starts a test server per scenario and runs
 *   node --import tsx server/mcp/conformance/client.ts <server url>
 * with MCP_CONFORMANCE_SCENARIO set (and MCP_CONFORMANCE_CONTEXT for the
 * authorization scenarios that hand out credentials). Everything goes through
 * the code a workflow step uses: the connection manager's pooled McpConnection
 * over Streamable HTTP, with the server's `oauth` settings and Switchyard's
 * OAuth provider (server/mcp/oauth). Only the person is missing: a headless
 * user agent takes the code from the suite's authorization server, which
 * consents at once.
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
import type { McpServerConfig, OAuthSettings } from "@/lib/mcp/server-config";
import type { McpConnection } from "../connection";
import { McpCallError } from "../errors";
import { McpConnectionManager } from "../manager";
import { headlessConsent } from "../oauth/headless-consent";
import { McpOAuthProvider } from "../oauth/provider";
import { MemoryOAuthStore } from "../oauth/store";
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

/** Any authorization scenario: connect (authorizing as needed), list the tools, call the test tool. */
const authorized: Scenario = async (conn) => {
  await conn.ensure();
  const tools = (await conn.listTools()).map((t) => t.name);
  log(`tools: ${tools.join(", ") || "(none)"}`);
  if (tools.includes("test-tool")) expectText(await conn.callTool("test-tool", {}), /test/, "test-tool");
};

const AUTH_SCENARIOS = [
  "auth/metadata-default",
  "auth/metadata-var1",
  "auth/metadata-var2",
  "auth/metadata-var3",
  "auth/basic-cimd",
  "auth/scope-from-www-authenticate",
  "auth/scope-from-scopes-supported",
  "auth/scope-omitted-when-undefined",
  "auth/scope-step-up",
  "auth/scope-retry-limit",
  "auth/token-endpoint-auth-basic",
  "auth/token-endpoint-auth-post",
  "auth/token-endpoint-auth-none",
  "auth/pre-registration",
  "auth/2025-03-26-oauth-metadata-backcompat",
  "auth/2025-03-26-oauth-endpoint-fallback",
  "auth/resource-mismatch",
  "auth/offline-access-scope",
  "auth/offline-access-not-supported",
  "auth/client-credentials-jwt",
  "auth/client-credentials-basic",
  "auth/cross-app-access-complete-flow",
];

/** The client id the suite expects when its authorization server supports Client ID Metadata Documents. */
const CONFORMANCE_CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";
const CONFORMANCE_REDIRECT_URL = "http://localhost:3000/callback";

/** The `oauth` settings an admin would enter for the scenario, from the credentials the suite hands out. */
function oauthSettingsFor(scenario: string): OAuthSettings | undefined {
  if (!scenario.startsWith("auth/")) return undefined;
  const ctx = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}") as Record<string, string | undefined>;
  const need = (key: string): string => {
    const value = ctx[key];
    if (!value) throw new Error(`MCP_CONFORMANCE_CONTEXT has no ${key}`);
    return value;
  };
  switch (scenario) {
    case "auth/client-credentials-basic":
      return { grant: "client_credentials", clientId: need("client_id"), clientSecret: need("client_secret") };
    case "auth/client-credentials-jwt":
      return {
        grant: "client_credentials",
        clientId: need("client_id"),
        privateKeyPem: need("private_key_pem"),
        signingAlgorithm: ctx.signing_algorithm ?? "ES256",
      };
    case "auth/cross-app-access-complete-flow":
      return {
        grant: "cross_app",
        clientId: need("client_id"),
        clientSecret: need("client_secret"),
        idpTokenEndpoint: need("idp_token_endpoint"),
        idpClientId: need("idp_client_id"),
        idToken: need("idp_id_token"),
      };
    case "auth/pre-registration":
      return { grant: "authorization_code", clientId: need("client_id"), clientSecret: need("client_secret") };
    default:
      return { grant: "authorization_code" };
  }
}

const scenarios: Record<string, Scenario> = {
  ...Object.fromEntries(AUTH_SCENARIOS.map((name) => [name, authorized])),
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
  const oauth = oauthSettingsFor(scenario);
  const config: McpServerConfig = { transport: "http", url, headers: {}, ...(oauth ? { oauth } : {}) };
  const pool = new McpConnectionManager({
    resolve: () => Promise.resolve(config),
    handlers: { elicitation: elicit },
    clientInfo: { name: "switchyard-conformance", version: "0.1.0" },
    connectTimeoutMs: 10_000,
    log: (level, message) => log(`${level}: ${message}`),
    authFor: (_server, cfg) =>
      cfg.transport !== "stdio" && cfg.oauth
        ? {
            provider: new McpOAuthProvider({
              settings: cfg.oauth,
              store: new MemoryOAuthStore(),
              redirectUrl: CONFORMANCE_REDIRECT_URL,
              clientMetadataUrl: CONFORMANCE_CLIENT_METADATA_URL,
              clientName: "switchyard-conformance",
            }),
            consent: (authorizationUrl) => {
              log(
                `authorizing at ${authorizationUrl.origin}${authorizationUrl.pathname} (scope: ${authorizationUrl.searchParams.get("scope") ?? "none"})`,
              );
              return headlessConsent(authorizationUrl);
            },
          }
        : undefined,
  });
  const conn = await pool.connection("conformance");
  try {
    await run(conn);
    log(`connected as protocol ${conn.info?.protocolVersion ?? "?"} to ${conn.info?.serverName ?? "?"}; scenario done`);
    return 0;
  } catch (err) {
    const detail = err instanceof McpCallError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
    log(`FAILED: ${detail}`);
    return 1;
  } finally {
    await pool.closeAll();
  }
}

process.exit(await main());
