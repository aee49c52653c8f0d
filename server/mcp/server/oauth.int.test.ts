/**
 * An OAuth-only MCP client against Switchyard in accounts mode, over real HTTP (the endpoint and authorization server
 * `npm run worker` serves, on a real port, with a real SQLite database): the SDK's own client OAuth support discovers
 * the metadata, registers, sends the person to the consent (done here over HTTP as that signed-in person: the page's
 * own two requests), exchanges the code with PKCE, then lists tools and calls a workflow. Then what must be refused:
 * a viewer's token starting runs, a token for another audience, an expired one, a revoked one, a wrong PKCE verifier,
 * a refresh token used twice, bad registrations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { setUpMcpTest, type McpTestEnv } from "../../test/mcp-server-setup";
import { signIn } from "../../auth/sign-in";
import { sha256 } from "../../auth/secret-token";
import { getEnv } from "../../env";
import { authenticate } from "../../auth/authenticate";

let env: McpTestEnv;
let origin: string;
const clients: Client[] = [];
beforeAll(async () => {
  env = await setUpMcpTest();
  origin = new URL(env.server.url).origin;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await env?.dispose();
});

const REDIRECT = "http://127.0.0.1:1/oauth-callback";
const text = (result: CallToolResult) => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

/** A signed-in browser session of the person (the real sign-in), as the cookie the consent page's requests carry. */
async function sessionCookie(email: string): Promise<string> {
  const { token } = await signIn(env.t.db, getEnv(), { email, password: "correct horse battery", address: "" });
  return `sy_session=${encodeURIComponent(token)}`;
}

/** What the consent page does once the person clicks Allow: read the request's details, post the decision. */
async function consent(authorizationUrl: URL, cookie: string, opts: { approve?: boolean; role?: string } = {}) {
  const details = await fetch(`${origin}/oauth/authorize/details${authorizationUrl.search}`, { headers: { cookie } });
  expect(details.status).toBe(200);
  const shown = (await details.json()) as { client: { name: string; redirectHost: string }; resource: string };
  const decision = await fetch(`${origin}/oauth/authorize/decision`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin },
    body: JSON.stringify({ query: authorizationUrl.search.slice(1), approve: opts.approve ?? true, role: opts.role }),
  });
  expect(decision.status).toBe(200);
  const { redirectTo } = (await decision.json()) as { redirectTo: string };
  return { shown, redirectTo: new URL(redirectTo) };
}

/** An OAuthClientProvider kept in memory; redirectToAuthorization performs the person's consent over HTTP. */
class TestProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  code = "";
  shownName = "";
  authorizationUrl: URL | undefined;
  constructor(
    private readonly email: string,
    private readonly name = "Vitest OAuth agent",
  ) {}
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [REDIRECT],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state() {
    return "state-123";
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
    const { shown, redirectTo } = await consent(url, await sessionCookie(this.email));
    this.shownName = shown.client.name;
    expect(redirectTo.origin + redirectTo.pathname).toBe(REDIRECT);
    expect(redirectTo.searchParams.get("state")).toBe("state-123");
    expect(redirectTo.searchParams.get("iss")).toBe(origin);
    this.code = redirectTo.searchParams.get("code") ?? "";
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The SDK's documented flow: connect (401 -> discovery, registration, authorization), finishAuth(code), connect again. */
async function connectWithOAuth(email: string): Promise<{ client: Client; provider: TestProvider }> {
  const provider = new TestProvider(email);
  const first = new Client({ name: "oauth-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(env.server.url), { authProvider: provider });
  await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(provider.code).toMatch(/^syc_/);
  await transport.finishAuth(provider.code);
  const client = new Client({ name: "oauth-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(env.server.url), { authProvider: provider }));
  clients.push(client);
  return { client, provider };
}

const initialize = (url: string, token: string) =>
  fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    }),
  });

function expectChallenge(res: Response) {
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(
    /^Bearer resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/,
  );
  expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
}

const form = (path: string, fields: Record<string, string>) =>
  fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

describe("/mcp for OAuth-only clients (accounts mode)", () => {
  it("publishes the resource and authorization server metadata (S256 only, registration, revocation)", async () => {
    const resource = (await (await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<
      string,
      unknown
    >;
    expect(resource).toMatchObject({ resource: `${origin}/mcp`, authorization_servers: [origin], scopes_supported: ["mcp"] });
    const server = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(server).toMatchObject({
      issuer: origin,
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      registration_endpoint: `${origin}/oauth/register`,
      revocation_endpoint: `${origin}/oauth/revoke`,
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
  });

  it("the SDK's OAuth client registers, gets consent, lists tools and calls a workflow as the person", async () => {
    const { client, provider } = await connectWithOAuth("designer@example.com");
    expect(provider.shownName).toBe("Vitest OAuth agent");
    expect(provider.authorizationUrl?.searchParams.get("resource")).toBe(`${origin}/mcp`);
    expect(provider.authorizationUrl?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(provider.saved?.access_token).toMatch(/^sya_/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["greet_customer", "switchyard_start_run"]));
    const result = (await client.callTool({ name: "greet_customer", arguments: { name: "Grace" } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ greeting: "Hello Grace" });
    // Stored hashed: neither token appears in the database.
    const rows = await env.t.db.oAuthToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(provider.saved!.access_token);
    expect(rows.some((r) => r.tokenHash === sha256(provider.saved!.access_token))).toBe(true);
    const grant = await env.t.db.oAuthGrant.findFirstOrThrow({ where: { user: { email: "designer@example.com" } } });
    expect(grant).toMatchObject({ role: "designer", resource: `${origin}/mcp` });
  });

  it("a viewer's OAuth token is refused for starting runs", async () => {
    const { client } = await connectWithOAuth("viewer@example.com");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("greet_customer");
    expect(tools.map((t) => t.name)).toContain("switchyard_get_run");
    const before = await env.t.db.run.count();
    const result = (await client.callTool({ name: "greet_customer", arguments: { name: "Eve" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/A viewer may not do this \(needs runner\)/);
    const viaOperator = (await client.callTool({
      name: "switchyard_start_run",
      arguments: { workflowId: env.workflows.quick, input: { name: "Eve" } },
    })) as CallToolResult;
    expect(viaOperator.isError).toBe(true);
    expect(await env.t.db.run.count()).toBe(before);
  });

  it("refuses a token for another audience, an expired one and a revoked one, with the resource metadata challenge", async () => {
    const { provider } = await connectWithOAuth("admin@example.com");
    const access = provider.saved!.access_token;
    expect((await initialize(env.server.url, access)).status).toBe(200);
    // The same server reached under another name is another resource: the token's audience is 127.0.0.1's /mcp.
    const other = env.server.url.replace("127.0.0.1", "localhost");
    expectChallenge(await initialize(other, access));
    // Nor does it work as an API token for the rest of the HTTP API (its audience is /mcp).
    const elsewhere = new Request(`${origin}/api/runs/r1`, { headers: { authorization: `Bearer ${access}` } });
    await expect(authenticate(env.t.db, getEnv(), { req: elsewhere })).rejects.toThrow(/issued for another resource/);

    await env.t.db.oAuthToken.update({ where: { tokenHash: sha256(access) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectChallenge(await initialize(env.server.url, access));

    const fresh = await form("/oauth/token", {
      grant_type: "refresh_token",
      refresh_token: provider.saved!.refresh_token!,
      client_id: provider.info!.client_id,
      resource: `${origin}/mcp`,
    });
    expect(fresh.status).toBe(200);
    const rotated = (await fresh.json()) as OAuthTokens;
    expect(rotated.refresh_token).not.toBe(provider.saved!.refresh_token);
    expect((await initialize(env.server.url, rotated.access_token)).status).toBe(200);

    const revoked = await form("/oauth/revoke", { token: rotated.refresh_token!, client_id: provider.info!.client_id });
    expect(revoked.status).toBe(200);
    expectChallenge(await initialize(env.server.url, rotated.access_token));
    const afterRevoke = await form("/oauth/token", {
      grant_type: "refresh_token",
      refresh_token: rotated.refresh_token!,
      client_id: provider.info!.client_id,
    });
    expect(afterRevoke.status).toBe(400);
    expect(await afterRevoke.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("a refresh token used twice revokes the grant (replay)", async () => {
    const { provider } = await connectWithOAuth("admin@example.com");
    const refreshWith = (token: string) =>
      form("/oauth/token", { grant_type: "refresh_token", refresh_token: token, client_id: provider.info!.client_id });
    const first = (await (await refreshWith(provider.saved!.refresh_token!)).json()) as OAuthTokens;
    expect(first.access_token).toMatch(/^sya_/);
    const replay = await refreshWith(provider.saved!.refresh_token!);
    expect(replay.status).toBe(400);
    expectChallenge(await initialize(env.server.url, first.access_token));
  });

  /** Registration and consent by hand, to send the token request the SDK would never send. */
  async function codeFor(challenge: string) {
    const reg = await fetch(`${origin}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Hand-made client", redirect_uris: [REDIRECT] }),
    });
    expect(reg.status).toBe(201);
    const { client_id } = (await reg.json()) as { client_id: string };
    const url = new URL(`${origin}/oauth/authorize`);
    for (const [k, v] of Object.entries({
      response_type: "code",
      client_id,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: "S256",
      resource: `${origin}/mcp`,
    }))
      url.searchParams.set(k, v);
    const { redirectTo } = await consent(url, await sessionCookie("admin@example.com"));
    return { clientId: client_id, code: redirectTo.searchParams.get("code")! };
  }

  it("refuses a code with the wrong PKCE verifier, and the code is spent", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { clientId, code } = await codeFor(challenge);
    const exchange = (v: string) =>
      form("/oauth/token", {
        grant_type: "authorization_code",
        code,
        code_verifier: v,
        client_id: clientId,
        redirect_uri: REDIRECT,
      });
    const wrong = await exchange(randomBytes(32).toString("base64url"));
    expect(wrong.status).toBe(400);
    const refused = (await wrong.json()) as { error: string; error_description: string };
    expect(refused.error).toBe("invalid_grant");
    expect(refused.error_description).toMatch(/PKCE/);
    const right = await exchange(verifier);
    expect(right.status).toBe(400);
    expect(await right.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an authorization request without S256 PKCE or for another resource, before any consent", async () => {
    const reg = (await (
      await fetch(`${origin}/oauth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [REDIRECT] }),
      })
    ).json()) as { client_id: string; client_name: string; token_endpoint_auth_method: string };
    expect(reg).toMatchObject({ client_name: "MCP client at 127.0.0.1:1", token_endpoint_auth_method: "none" });
    const cookie = await sessionCookie("admin@example.com");
    const details = (params: Record<string, string>) =>
      fetch(
        `${origin}/oauth/authorize/details?${new URLSearchParams({ response_type: "code", client_id: reg.client_id, redirect_uri: REDIRECT, ...params })}`,
        {
          headers: { cookie },
        },
      );
    const plain = await details({ code_challenge: "a".repeat(43), code_challenge_method: "plain" });
    expect(plain.status).toBe(400);
    const noS256 = (await plain.json()) as { error: string; error_description: string };
    expect(noS256.error).toBe("invalid_request");
    expect(noS256.error_description).toMatch(/S256/);
    const elsewhere = await details({
      code_challenge: "a".repeat(43),
      code_challenge_method: "S256",
      resource: "https://evil.example/mcp",
    });
    expect(await elsewhere.json()).toMatchObject({ error: "invalid_target" });
    const otherRedirect = await details({
      code_challenge: "a".repeat(43),
      code_challenge_method: "S256",
      redirect_uri: "https://evil.example/cb",
    });
    expect(await otherRedirect.json()).toMatchObject({ error: "invalid_request" });
    const signedOut = await fetch(`${origin}/oauth/authorize/details?client_id=${reg.client_id}`);
    expect(signedOut.status).toBe(401);
  });

  it("bounds registration: https or loopback http redirect URIs only, a size limit", async () => {
    const register = (body: string) =>
      fetch(`${origin}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body });
    for (const uri of ["http://evil.example/cb", "javascript:alert(1)", "https://a.example/cb#x", "custom-app:/cb"]) {
      const res = await register(JSON.stringify({ redirect_uris: [uri] }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_redirect_uri" });
    }
    const huge = await register(JSON.stringify({ redirect_uris: [REDIRECT], client_name: "x".repeat(20_000) }));
    expect(huge.status).toBe(413);
    const tooMany = await register(
      JSON.stringify({ redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`) }),
    );
    expect(await tooMany.json()).toMatchObject({ error: "invalid_client_metadata" });
  });
});
