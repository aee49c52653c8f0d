/**
 * MCP authorization end to end below the browser, on the real executor, database and an OAuth-protected MCP server
 * with its own authorization server on 127.0.0.1 (server/mcp/fixtures/oauth-mcp-server.ts): an admin connects
 * (discovery, registration, PKCE, consent, callback); runs use the tokens; an expired token is refreshed on the 401,
 * and one about to expire before it; a step that needs a wider scope (step-up) and a revoked grant park the run on an
 * "authorization needed" inbox item; reconnecting resumes it and it finishes. No token, secret or code shows up in
 * the database outside the encrypted column, in the views the browser gets, or in the log.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { createMcpPool, oauthConnections } from "./mcp-pool";
import { createEngine, systemClock } from "../host/engine-host";
import { checkServer, createServer, getServer, listServers } from "./servers";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { startRun } from "../runs/runs";
import { getEscalation } from "../inbox/escalations";
import { startOAuthMcpServer, type OAuthFixture } from "../../mcp/fixtures/oauth-mcp-server";
import type { Engine } from "../../engine/runtime/engine";
import type { McpConnectionManager } from "../../mcp/manager";
import type { State, WorkflowDefinition } from "@/lib/workflow/schema";
import type { OAuthSettings } from "@/lib/mcp/server-config";
import { getClientMetadata, getOAuthCallback } from "../../api/oauth-routes";

interface World {
  t: TestDatabase;
  box: SecretBox;
  pool: McpConnectionManager;
  engine: Engine;
  fixture: OAuthFixture;
  serverId: string;
  logs: string[];
  dispose(): Promise<void>;
}

let world: World | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
  vi.restoreAllMocks();
});

const notesWorkflow = (states: WorkflowDefinition["states"]): WorkflowDefinition =>
  ({
    schemaVersion: 1,
    name: `Notes ${randomBytes(3).toString("hex")}`,
    startAt: Object.keys(states)[0],
    states,
  }) as unknown as WorkflowDefinition;

const whoami = (next: string): State => ({
  type: "tool",
  server: "notes",
  tool: "whoami",
  input: {},
  assign: { who: "{% $result %}" },
  timeoutMs: 20_000,
  next,
});
const writeNote = (next: string): State => ({
  type: "tool",
  server: "notes",
  tool: "write_note",
  input: { text: "hello" },
  assign: { note: "{% $result %}" },
  timeoutMs: 20_000,
  next,
});
const done: State = { type: "succeed", output: "{% $who %}" };

async function setup(
  provider: "sqlite" | "postgresql",
  opts: { oauth?: OAuthSettings; accessTokenSeconds?: number; refreshedTokenSeconds?: number } = {},
): Promise<World> {
  const logs: string[] = [];
  for (const level of ["log", "warn", "error", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" ")));
  }
  const fixture = await startOAuthMcpServer({
    accessTokenSeconds: opts.accessTokenSeconds,
    refreshedTokenSeconds: opts.refreshedTokenSeconds,
  });
  const t = await createTestDatabase(provider);
  const box = new SecretBox(randomBytes(32));
  let engine: Engine | null = null;
  const pool = createMcpPool(t.db, box, { engine: () => engine! });
  engine = createEngine(t.db, pool, { url: t.url, clock: systemClock, pollMs: 50, shared: provider === "postgresql" });
  await engine.start();
  const { id: serverId } = await createServer(
    { db: t.db, box, pool },
    {
      name: "notes",
      config: {
        transport: "http",
        url: fixture.url,
        headers: {},
        oauth: opts.oauth ?? { grant: "authorization_code", scope: "notes:read" },
      },
    },
  );
  return {
    t,
    box,
    pool,
    engine,
    fixture,
    serverId,
    logs,
    async dispose() {
      await engine.stop();
      await pool.closeAll();
      await t.dispose();
      await fixture.stop();
    },
  };
}

/** What the admin's browser does: open the authorization URL, consent, and come back to the callback. */
async function connect(w: World): Promise<void> {
  const { url } = await oauthConnections(w.pool).begin(w.serverId, "Ada Admin");
  expect(url).toMatch(new RegExp(`^${w.fixture.issuer}/authorize\\?`));
  const authorization = new URL(url!);
  expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorization.searchParams.get("resource")).toBe(w.fixture.url);
  const consent = await fetch(authorization, { redirect: "manual" });
  const back = new URL(consent.headers.get("location")!);
  expect(`${back.origin}${back.pathname}`).toBe("http://127.0.0.1:3000/api/oauth/callback");
  await oauthConnections(w.pool).finish(back.searchParams.get("state")!, back.searchParams.get("code")!);
}

async function run(w: World, definition: WorkflowDefinition): Promise<string> {
  const { id } = await createWorkflow(w.t.db, { name: definition.name, definition });
  await publishWorkflow(w.t.db, { id });
  return (await startRun(w.t.db, w.engine, { workflowId: id, input: {} })).runId;
}

async function settled(w: World, runId: string, want: (status: string) => boolean) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const row = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    if (want(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${row.status} at ${row.currentState ?? "?"}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Nothing the authorization server issued appears anywhere but in the encrypted column. */
async function expectNoSecretLeaks(w: World): Promise<void> {
  const issued = w.fixture.secretsIssued();
  expect(issued.length).toBeGreaterThan(3);
  const db = w.t.db;
  const stored = JSON.stringify({
    runs: await db.run.findMany(),
    attempts: await db.stepAttempt.findMany(),
    escalations: await db.escalation.findMany(),
    transitions: await db.transition.findMany(),
    servers: await db.mcpServer.findMany(),
    audit: await db.auditEvent.findMany(),
    oauth: (await db.mcpOAuthConnection.findMany()).map(({ secrets: _encrypted, ...shown }) => shown),
  });
  const browser = JSON.stringify({
    list: await listServers({ db, box: w.box, pool: w.pool }),
    server: await getServer({ db, box: w.box, pool: w.pool }, w.serverId),
    status: await oauthConnections(w.pool).view("notes"),
    items: await Promise.all((await db.escalation.findMany()).map((e) => getEscalation(db, e.id))),
  });
  const log = w.logs.join("\n");
  for (const secret of issued) {
    expect(stored, "stored rows").not.toContain(secret);
    expect(browser, "what the browser gets").not.toContain(secret);
    expect(log, "the log").not.toContain(secret);
  }
  // The encrypted column does hold them: decrypting gives the tokens back.
  const row = await db.mcpOAuthConnection.findUniqueOrThrow({ where: { server: "notes" } });
  expect(row.secrets.startsWith("v1:")).toBe(true);
  expect(w.box.decrypt(row.secrets)).toContain("refresh_token");
}

describe.each(PROVIDERS)("MCP authorization (%s)", (provider) => {
  it("connects through consent; runs use the token; an expired token is refreshed on the 401 and the run goes on", async () => {
    world = await setup(provider);
    const w = world;
    expect(await oauthConnections(w.pool).view("notes")).toBeNull();
    await connect(w);
    const view = await oauthConnections(w.pool).view("notes");
    expect(view).toMatchObject({ status: "connected", subject: "Ada Admin", scopes: "notes:read", connectedBy: "Ada Admin" });
    expect(view!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    const check = await checkServer({ db: w.t.db, box: w.box, pool: w.pool }, w.serverId);
    expect(check.result.ok).toBe(true);
    expect((await w.pool.listTools("notes")).map((t) => t.name).sort()).toEqual(["whoami", "write_note"]);

    const first = await run(w, notesWorkflow({ who: whoami("done"), done }));
    expect((await settled(w, first, (s) => s !== "queued" && s !== "running")).status).toBe("succeeded");
    expect(w.fixture.stats.tokens.refresh_token ?? 0).toBe(0);

    w.fixture.expireAccessTokens();
    const second = await run(w, notesWorkflow({ who: whoami("done"), done }));
    expect((await settled(w, second, (s) => s !== "queued" && s !== "running")).status).toBe("succeeded");
    expect(w.fixture.stats.tokens.refresh_token).toBe(1);
    expect((await oauthConnections(w.pool).view("notes"))!.status).toBe("connected");
    await expectNoSecretLeaks(w);
  });

  it("refreshes a token that is about to expire before using it (no 401)", async () => {
    world = await setup(provider, { accessTokenSeconds: 30 }); // within the 60 s refresh margin
    const w = world;
    await connect(w);
    const refused = w.fixture.stats.refused401;
    const runId = await run(w, notesWorkflow({ who: whoami("done"), done }));
    expect((await settled(w, runId, (s) => s !== "queued" && s !== "running")).status).toBe("succeeded");
    expect(w.fixture.stats.tokens.refresh_token).toBeGreaterThanOrEqual(1);
    expect(w.fixture.stats.refused401).toBe(refused);
  });

  it("two engines with the same expiring token refresh it once (the refresh token rotates), and both go on", async () => {
    // The first token expires within the 60 s refresh margin; the refreshed one lasts an hour.
    world = await setup(provider, { accessTokenSeconds: 30, refreshedTokenSeconds: 3600 });
    const w = world;
    await connect(w);
    // Another engine's pool over the same database (its own connections and OAuth providers).
    const other = createMcpPool(w.t.db, w.box, { engine: () => w.engine });
    try {
      const call = (pool: typeof other) => pool.connection("notes").then((c) => c.callTool("whoami", {}));
      const results = await Promise.all([call(w.pool), call(other), call(w.pool), call(other)]);
      for (const r of results) expect(JSON.stringify(r.content)).toContain("ada@example.com");
      // One refresh: the others waited for it and used the new token (a second one would have been refused).
      expect(w.fixture.stats.tokens.refresh_token).toBe(1);
      expect((await oauthConnections(w.pool).view("notes"))!.status).toBe("connected");
    } finally {
      await other.closeAll();
    }
  });

  it("step-up and revocation park the run on 'authorization needed'; reconnecting resumes it and it finishes", async () => {
    world = await setup(provider);
    const w = world;
    await connect(w);
    // write_note needs notes:write, the token has notes:read only: 403 insufficient_scope, nobody to consent.
    const runId = await run(w, notesWorkflow({ who: whoami("note"), note: writeNote("done"), done }));
    const parked = await settled(w, runId, (s) => s === "waiting" || s === "failed" || s === "succeeded");
    expect(parked.status).toBe("waiting");
    const [item] = await w.t.db.escalation.findMany({ where: { runId } });
    expect(item).toMatchObject({ reason: "authorization_needed", stateId: "note", status: "open" });
    expect(item!.message).toMatch(/^Authorization needed: /);
    expect(w.fixture.stats.refused403).toBeGreaterThanOrEqual(1);
    expect((await oauthConnections(w.pool).view("notes"))!.status).toBe("authorization_needed");

    // The admin reconnects: Connect asks for the wider scope the server named; the parked run resumes and finishes.
    await connect(w);
    expect((await oauthConnections(w.pool).view("notes"))!.scopes).toBe("notes:read notes:write");
    const finished = await settled(w, runId, (s) => s === "succeeded" || s === "failed");
    expect(finished.status).toBe("succeeded");
    expect((await w.t.db.escalation.findUniqueOrThrow({ where: { id: item!.id } })).status).toBe("resolved");

    // Revoked at the authorization server (refresh refused too): the next run parks, the server says so.
    w.fixture.revokeAll();
    const next = await run(w, notesWorkflow({ who: whoami("done"), done }));
    expect((await settled(w, next, (s) => s === "waiting" || s === "failed" || s === "succeeded")).status).toBe("waiting");
    const [again] = await w.t.db.escalation.findMany({ where: { runId: next } });
    expect(again!.reason).toBe("authorization_needed");
    await connect(w);
    expect((await settled(w, next, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");

    // Disconnect revokes at the authorization server and forgets the tokens.
    const revokedBefore = w.fixture.stats.revoked;
    expect((await oauthConnections(w.pool).disconnect(w.serverId)).revoked).toBe(true);
    expect(w.fixture.stats.revoked).toBeGreaterThan(revokedBefore);
    expect((await oauthConnections(w.pool).view("notes"))!.status).toBe("disconnected");
    await expectNoSecretLeaks(w);
  });

  it("the callback route connects and redirects to the server's page; a replayed or refused callback says why, without the code", async () => {
    world = await setup(provider);
    const w = world;
    const ctx = { db: w.t.db, box: w.box, pool: w.pool, control: () => w.engine };
    const { url } = await oauthConnections(w.pool).begin(w.serverId, "Ada Admin");
    const location = (await fetch(url!, { redirect: "manual" })).headers.get("location")!;
    const code = new URL(location).searchParams.get("code")!;
    const first = await getOAuthCallback(ctx, new Request(location));
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`http://127.0.0.1:3000/servers/${w.serverId}?oauth=connected`);
    expect((await oauthConnections(w.pool).view("notes"))!.status).toBe("connected");

    const replay = await getOAuthCallback(ctx, new Request(location));
    expect(replay.status).toBe(303);
    const where = decodeURIComponent(replay.headers.get("location")!);
    expect(where).toMatch(/\/servers\?oauth_error=Not connected: This authorization is unknown or was already used/);
    expect(where).not.toContain(code);
    const denied = await getOAuthCallback(
      ctx,
      new Request("http://127.0.0.1:3000/api/oauth/callback?error=access_denied&state=x"),
    );
    expect(decodeURIComponent(denied.headers.get("location")!)).toContain("the authorization server answered access_denied");

    const metadata = (await getClientMetadata().json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      redirect_uris: ["http://127.0.0.1:3000/api/oauth/callback"],
      grant_types: ["authorization_code", "refresh_token"],
    });
  });
});
