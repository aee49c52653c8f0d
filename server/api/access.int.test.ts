/**
 * Every tRPC procedure, called as every role (and as nobody) in accounts mode: allowed calls succeed, forbidden ones
 * get FORBIDDEN (UNAUTHORIZED without a sign-in) and change nothing in the database.
 *
 * CASES is the table of access decisions. It must name every procedure of the app router: a procedure added
 * without a row here makes this test fail, so each new procedure gets a deliberate decision (and the builder it
 * uses in its router must say the same).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROUTE_ACCESS } from "./http-routes";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { until } from "../test/until";
import { demoServerBundle } from "@/examples/mcp-servers/shared/bundles";
import { SecretBox } from "../security/secrets";
import { createMcpPool } from "../services/servers/mcp-pool";
import { createEngine } from "../services/host/engine-host";
import { createServer } from "../services/servers/servers";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { startRun } from "../services/runs/runs";
import { createTrigger } from "../services/coordination/triggers";
import { createModelProvider } from "../services/agents/model-providers";
import { createUser } from "../auth/users";
import { createSession } from "../auth/sessions";
import { createApiToken } from "../auth/api-tokens";
import type { Actor } from "../auth/actor";
import type { AppContext } from "../context";
import type { Engine } from "../engine/runtime/engine";
import type { McpConnectionManager } from "../mcp/manager";
import { ROLES, allows, type Access, type Role } from "@/lib/auth/roles";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { resetEnv } from "../env";

const PASSWORD = "correct horse battery";
const ASK: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Ask a person",
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Approve?", options: [{ id: "ok", label: "OK", next: "done" }] },
    done: { type: "succeed" },
  },
};

let t: TestDatabase;
let pool: McpConnectionManager;
let engine: Engine;
const box = new SecretBox(randomBytes(32));
const cookies = new Map<Role, string>();
const actors = new Map<Role, Actor>();
let askWorkflowId = "";
let seq = 0;
const unique = (p: string) => `${p}${++seq}`;

interface Case {
  access: Access;
  /** The input of a call that succeeds for an allowed role (made fresh for each call). */
  input?: (role: Role) => unknown;
  /** What an allowed call answers when it cannot succeed by design (e.g. setup once set up). */
  allowedError?: string;
}

/** An OAuth grant of the person (an MCP client they authorised), written as the authorization server would. */
async function newGrant(actor: Actor): Promise<string> {
  const client = await t.db.oAuthClient.create({
    data: { id: unique("mcpc"), name: "Some MCP client", redirectUris: JSON.stringify(["https://client.example/cb"]) },
  });
  const grant = await t.db.oAuthGrant.create({
    data: { id: unique("grant"), clientId: client.id, userId: actor.userId!, role: "viewer", resource: "http://127.0.0.1/mcp" },
  });
  return grant.id;
}

async function waitingEscalation(): Promise<string> {
  const { runId } = await startRun(t.db, engine, { workflowId: askWorkflowId, input: {} });
  const e = await until(
    () => t.db.escalation.findFirst({ where: { runId, status: "open" } }),
    `run ${runId} to ask a person`,
    60_000,
  );
  return e.id;
}

async function claimedEscalation(): Promise<string> {
  const id = await waitingEscalation();
  await t.db.escalation.update({ where: { id }, data: { status: "claimed", claimedBy: "Someone" } });
  return id;
}

async function waitingRun(): Promise<string> {
  const escalationId = await waitingEscalation();
  return (await t.db.escalation.findUniqueOrThrow({ where: { id: escalationId } })).runId;
}

/** The demo CRM server, bundled (set in beforeAll): servers.testConfig and servers.check start it. */
let stdioConfig = { transport: "stdio", command: "node", args: [] as string[], env: {} };
const newServer = async () =>
  (await createServer({ db: t.db, box, pool }, { name: unique("srv"), config: stdioConfig as never })).id;
const newTrigger = async () =>
  (await createTrigger(t.db, { workflowId: await newWorkflow(), config: { kind: "event", eventType: "order.updated" } })).id;
const modelProvider = (name: string) => ({
  name,
  kind: "openai-compatible",
  baseUrl: "http://127.0.0.1:1/v1",
  apiKey: "sk-test",
  models: [{ modelId: "m" }],
});
const newModelProvider = async () => (await createModelProvider(t.db, box, modelProvider(unique("mp")))).id;
const newWorkflow = async () => (await createWorkflow(t.db, { name: unique("Wf "), definition: ASK })).id;

const CASES: Record<string, Case> = {
  "system.info": { access: "anonymous" },
  "auth.status": { access: "anonymous" },
  "auth.setup": {
    access: "anonymous",
    input: () => ({ email: "late@example.com", name: "Late", password: PASSWORD }),
    allowedError: "CONFLICT",
  },
  "auth.signIn": { access: "anonymous", input: (role) => ({ email: `${role}@example.com`, password: PASSWORD }) },
  "auth.signOut": { access: "anonymous" },
  "auth.me": { access: "viewer" },
  "auth.changePassword": { access: "viewer", input: () => ({ current: PASSWORD, next: PASSWORD }) },

  "workflows.list": { access: "viewer" },
  "workflows.published": { access: "viewer" },
  "workflows.get": { access: "viewer", input: () => ({ id: askWorkflowId }) },
  "workflows.exportJson": { access: "viewer", input: () => ({ id: askWorkflowId }) },
  "workflows.changes": { access: "viewer" },
  "workflows.create": { access: "designer", input: () => ({ name: unique("New ") }) },
  "workflows.templates": { access: "viewer" },
  "workflows.updateDraft": { access: "designer", input: async () => ({ id: await newWorkflow(), definition: ASK }) },
  "workflows.publish": { access: "designer", input: async () => ({ id: await newWorkflow() }) },
  "workflows.testRun": { access: "designer", input: async () => ({ id: await newWorkflow(), input: {} }) },
  "workflows.setMcpTool": { access: "designer", input: async () => ({ id: await newWorkflow(), offered: true }) },
  "workflows.archive": { access: "designer", input: async () => ({ id: await newWorkflow(), archived: true }) },
  "workflows.importJson": { access: "designer", input: () => ({ text: JSON.stringify({ ...ASK, name: unique("Imp ") }) }) },

  "serverOAuth.status": { access: "viewer", input: () => ({ server: "crm" }) },
  // A stdio server has no OAuth settings: the allowed roles get past access and are told so.
  "serverOAuth.connect": { access: "admin", input: async () => ({ id: await newServer() }), allowedError: "BAD_REQUEST" },
  "serverOAuth.disconnect": { access: "admin", input: async () => ({ id: await newServer() }), allowedError: "BAD_REQUEST" },
  "servers.list": { access: "viewer" },
  "servers.catalog": { access: "viewer" },
  "servers.get": { access: "viewer", input: async () => ({ id: await newServer() }) },
  "servers.create": { access: "admin", input: () => ({ name: unique("new"), config: stdioConfig }) },
  "servers.update": { access: "admin", input: async () => ({ id: await newServer(), name: unique("upd"), config: stdioConfig }) },
  "servers.setEnabled": { access: "admin", input: async () => ({ id: await newServer(), enabled: false }) },
  "servers.remove": { access: "admin", input: async () => ({ id: await newServer() }) },
  "servers.testConfig": { access: "admin", input: () => ({ name: unique("try"), config: stdioConfig }) },
  "servers.check": { access: "admin", input: async () => ({ id: await newServer() }) },

  "runs.list": { access: "viewer" },
  "runs.get": { access: "viewer", input: async () => ({ id: await waitingRun() }) },
  "runs.delta": { access: "viewer", input: async () => ({ id: await waitingRun(), after: 0 }) },
  "runs.start": { access: "runner", input: () => ({ workflowId: askWorkflowId, input: {} }) },
  "runs.startBatch": { access: "runner", input: () => ({ workflowId: askWorkflowId, inputs: [{}, {}] }) },
  // No stored result of that name: an allowed caller reaches the look-up.
  "runs.storedResult": {
    access: "viewer",
    input: async () => ({ runId: await waitingRun(), blobId: "blob_none" }),
    allowedError: "NOT_FOUND",
  },
  "runs.cancel": { access: "operator", input: async () => ({ id: await waitingRun() }) },
  "runs.facets": { access: "viewer" },
  "runs.watch": { access: "viewer", input: async () => ({ runId: await waitingRun() }) },
  "runs.rerunPreview": { access: "viewer", input: async () => ({ runId: await waitingRun(), stateId: "ask" }) },
  // Only a finished run can be re-run: an allowed caller reaches that check.
  "runs.rerun": {
    access: "operator",
    input: async () => ({ runId: await waitingRun(), stateId: "ask" }),
    allowedError: "CONFLICT",
  },
  "runs.setStuckAfter": { access: "admin", input: () => ({ minutes: 30 }) },

  "insights.overview": { access: "viewer", input: () => ({ period: "24h" }) },
  "insights.alerts": { access: "viewer" },

  "events.list": { access: "viewer" },
  "events.waits": { access: "viewer" },
  "events.publish": { access: "operator", input: () => ({ type: "order.updated", key: unique("cust_"), payload: {} }) },

  "triggers.list": { access: "viewer", input: () => ({ workflowId: askWorkflowId }) },
  "triggers.create": {
    access: "designer",
    input: async () => ({ workflowId: await newWorkflow(), config: { kind: "event", eventType: "order.updated" } }),
  },
  "triggers.setPaused": { access: "designer", input: async () => ({ id: await newTrigger(), paused: true }) },
  "triggers.delete": { access: "designer", input: async () => ({ id: await newTrigger() }) },

  "servers.breakerSettings": { access: "viewer" },
  "servers.setBreaker": {
    access: "admin",
    input: async () => {
      const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id: await newServer() } });
      return { server: row.name, settings: { failurePercent: 50, window: 4, coolDownSeconds: 10 } };
    },
  },
  "servers.breakers": { access: "viewer" },
  "servers.setBreakerState": {
    access: "admin",
    input: async () => {
      const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id: await newServer() } });
      return { server: row.name, to: "open" };
    },
  },
  "servers.honoursKeys": { access: "viewer" },
  "servers.setHonoursKeys": {
    access: "admin",
    input: async () => {
      const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id: await newServer() } });
      return { server: row.name, honours: true };
    },
  },
  "servers.roots": { access: "viewer", input: () => ({ server: "anything" }) },
  "servers.setRoots": {
    access: "admin",
    input: async () => {
      const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id: await newServer() } });
      return { server: row.name, roots: [{ uri: "file:///srv/data" }] };
    },
  },
  "locks.status": { access: "viewer", input: () => ({ key: "customer:42" }) },
  "locks.serverLimits": { access: "viewer" },
  "locks.setServerLimit": {
    access: "admin",
    input: async () => {
      const id = await newServer();
      const row = await t.db.mcpServer.findUniqueOrThrow({ where: { id } });
      return { server: row.name, maxInFlight: 5 };
    },
  },

  "escalations.list": { access: "viewer" },
  "escalations.facets": { access: "viewer" },
  "escalations.openCount": { access: "viewer" },
  "escalations.get": { access: "viewer", input: async () => ({ id: await waitingEscalation() }) },
  "escalations.changes": { access: "viewer" },
  "live.feed": { access: "viewer", input: () => ({ workflows: true, escalations: true }) },
  "escalations.resolve": {
    access: "operator",
    input: async () => ({ id: await waitingEscalation(), resolution: { action: "option", optionId: "ok" } }),
  },
  // A person's step is not a server's question: an allowed caller gets that answer, nothing changes.
  "escalations.answerRequest": {
    access: "operator",
    input: async () => ({ id: await waitingEscalation(), action: "decline" }),
    allowedError: "BAD_REQUEST",
  },
  "escalations.claim": { access: "operator", input: async () => ({ id: await waitingEscalation() }) },
  "escalations.unclaim": { access: "operator", input: async () => ({ id: await claimedEscalation() }) },
  "escalations.reassign": { access: "operator", input: async () => ({ id: await waitingEscalation(), group: "billing" }) },
  "escalations.webhook": { access: "admin" },
  "escalations.setWebhook": { access: "admin", input: () => ({ url: null }) },

  "users.list": { access: "admin" },
  "users.create": {
    access: "admin",
    input: () => ({ email: `${unique("u")}@example.com`, name: "New person", role: "viewer", password: PASSWORD }),
  },
  "users.update": { access: "admin", input: (role) => ({ id: actors.get(role)?.userId, name: `The ${role}` }) },
  "users.setPassword": {
    access: "admin",
    input: async () => ({
      id: (
        await createUser(t.db, { email: `${unique("p")}@example.com`, name: "P", role: "viewer", groups: [], password: PASSWORD })
      ).id,
      password: PASSWORD,
    }),
  },

  "tokens.list": { access: "viewer" },
  "tokens.create": { access: "viewer", input: () => ({ name: unique("token "), role: "viewer" }) },
  "tokens.revoke": {
    access: "viewer",
    input: async (role) => ({ id: (await createApiToken(t.db, actors.get(role)!, { name: unique("t"), role: "viewer" })).id }),
  },

  "mcpClients.list": { access: "viewer" },
  "mcpClients.revoke": { access: "viewer", input: async (role) => ({ id: await newGrant(actors.get(role)!) }) },

  "models.list": { access: "admin" },
  "models.choices": { access: "viewer" },
  "models.create": { access: "admin", input: () => ({ provider: modelProvider(unique("prov")) }) },
  "models.update": {
    access: "admin",
    input: async () => ({ id: await newModelProvider(), provider: modelProvider(unique("upd")) }),
  },
  "models.remove": { access: "admin", input: async () => ({ id: await newModelProvider() }) },
  // Nothing listens on port 1: an allowed caller gets the failed test as an answer, nothing changes.
  "models.test": { access: "admin", input: () => ({ provider: modelProvider("try") }) },

  "notify.status": { access: "designer" },
  "notify.setChatWebhook": { access: "admin", input: () => ({ url: "http://127.0.0.1:9/hooks/T0/secret" }) },
  "stepTests.run": {
    access: "designer",
    input: async () => ({
      workflowId: await newWorkflow(),
      stateId: "try",
      // Switchyard's own "pinned" tool: answers its input, calls nothing outside.
      state: { type: "tool", server: "switchyard", tool: "pinned", input: { output: "MQ==" } },
      data: {},
    }),
  },

  "audit.list": { access: "admin" },
  "audit.actions": { access: "admin" },
};

/** Everything a forbidden call could change, as text. */
async function fingerprint(): Promise<string> {
  const [workflows, versions, runs, escalations, events, servers, users, tokens, audit, settings, sessions] = await Promise.all([
    t.db.workflow.findMany({ orderBy: { id: "asc" } }),
    t.db.workflowVersion.count(),
    t.db.run.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, seq: true } }),
    t.db.escalation.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, claimedBy: true, assigneeGroup: true },
    }),
    t.db.escalationEvent.count(),
    t.db.mcpServer.findMany({ orderBy: { id: "asc" } }),
    t.db.user.findMany({ orderBy: { id: "asc" } }),
    t.db.apiToken.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    t.db.auditEvent.count(),
    t.db.appSetting.findMany({ orderBy: { key: "asc" } }),
    t.db.session.count(),
  ]);
  const coordination = await Promise.all([
    t.db.event.count(),
    t.db.modelProvider.findMany({ orderBy: { id: "asc" }, include: { models: true } }),
    t.db.trigger.findMany({ orderBy: { id: "asc" }, select: { id: true, paused: true } }),
  ]);
  return JSON.stringify({
    workflows,
    versions,
    runs,
    escalations,
    events,
    servers,
    users,
    tokens,
    audit,
    settings,
    sessions,
    coordination,
  });
}

/** Waits until no run is still on its way to asking a person, so fingerprints only move by the calls made. */
async function settle(): Promise<void> {
  await engine.idle();
  await until(
    async () => (await t.db.run.count({ where: { status: { in: ["queued", "running", "retrying"] } } })) === 0,
    "no run on its way to a person",
    60_000,
  );
}

function callerFor(role: Role | null) {
  const headers = new Headers(role ? { cookie: `sy_session=${cookies.get(role)}` } : {});
  const ctx: AppContext = {
    db: t.db,
    box,
    pool,
    control: () => engine,
    http: { req: new Request("http://localhost/api/trpc", { headers }), resHeaders: new Headers() },
  };
  return createCallerFactory(appRouter)(ctx);
}

async function call(
  role: Role | null,
  path: string,
  input: unknown,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const [group, name] = path.split(".") as [string, string];
  const caller = callerFor(role) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  try {
    const result = await caller[group]![name]!(input);
    if (result && typeof result === "object" && Symbol.asyncIterator in result) {
      await (result as AsyncGenerator).return(undefined); // a subscription: started, then closed
    }
    return { ok: true };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, code: e.code ?? "?", message: e.message ?? String(err) };
  }
}

const previous: Record<string, string | undefined> = {};
beforeAll(async () => {
  for (const key of ["SWITCHYARD_AUTH", "HOST"]) previous[key] = process.env[key];
  process.env.SWITCHYARD_AUTH = "accounts";
  resetEnv();
  t = await createTestDatabase("sqlite");
  stdioConfig = { ...stdioConfig, args: [await demoServerBundle("crm")] };
  pool = createMcpPool(t.db, box);
  engine = createEngine(t.db, pool, { url: t.url, pollMs: 20 });
  await engine.start();
  for (const role of ROLES) {
    const user = await createUser(t.db, {
      email: `${role}@example.com`,
      name: `A ${role}`,
      role,
      groups: [],
      password: PASSWORD,
    });
    const { token } = await createSession(t.db, user.id, { now: new Date(), days: 7, address: "" });
    cookies.set(role, token);
    actors.set(role, { kind: "session", userId: user.id, name: user.name, email: user.email, role, groups: [] });
  }
  askWorkflowId = await newWorkflow();
  await publishWorkflow(t.db, { id: askWorkflowId });
});
afterAll(async () => {
  await engine?.stop();
  await pool?.closeAll();
  await t?.dispose();
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
});

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: Access } } }>;
// signOut ends the session it is called with: it goes last.
const paths = Object.keys(CASES).sort((a, b) => Number(a === "auth.signOut") - Number(b === "auth.signOut"));

describe("access decisions", () => {
  it("has a decision in this table for every procedure of the app router, and the router agrees", () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(CASES).sort());
    for (const [path, procedure] of Object.entries(procedures))
      expect({ path, access: procedure._def.meta?.access }).toEqual({ path, access: CASES[path]?.access });
  });

  it("has a decision for every plain HTTP route in app/api (the tRPC route excepted)", () => {
    const root = path.resolve(import.meta.dirname, "../../app/api");
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name === "route.ts" && !file.includes("/trpc/")) {
          const url = `/api/${path.relative(root, dir)}`.replace(/\[(\w+)\]/g, "{$1}");
          for (const [, method] of readFileSync(file, "utf8").matchAll(
            /export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g,
          ))
            routes.push(`${method} ${url}`);
        }
      }
    };
    walk(root);
    expect(routes.sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it.each(paths)("%s: allowed roles succeed; others are refused and change nothing", { timeout: 60_000 }, async (path) => {
    const c = CASES[path]!;
    const input = c.input ?? (() => undefined);
    // Forbidden first, against a settled database.
    const refusedInput = await input("admin");
    await settle();
    const before = await fingerprint();
    for (const role of ROLES.filter((r) => !allows(r, c.access))) {
      const result = await call(role, path, refusedInput);
      expect(result, `${role} calling ${path}`).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    if (c.access !== "anonymous") expect(await call(null, path, refusedInput)).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    await settle();
    expect(await fingerprint(), `a refused call to ${path} changed the database`).toBe(before);

    for (const role of ROLES.filter((r) => allows(r, c.access))) {
      const result = await call(role, path, await input(role));
      if (c.allowedError) expect(result, `${role} calling ${path}`).toMatchObject({ ok: false, code: c.allowedError });
      else expect(result, `${role} calling ${path}`).toEqual({ ok: true });
    }
    await settle();
  });
});
