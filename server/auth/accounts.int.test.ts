/**
 * Accounts mode end to end through the real tRPC fetch handler and the HTTP routes: first-start setup, sessions in
 * cookies, brute force, CSRF, API tokens, group-scoped escalations and the names on actions.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { appRouter } from "../api/root";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../test/databases";
import { until } from "../test/until";
import { SecretBox } from "../security/secrets";
import { createMcpPool } from "../services/servers/mcp-pool";
import { createEngine } from "../services/host/engine-host";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { getRunRoute, postResolve, postRun, postRunBatch, ROUTE_ACCESS } from "../api/http-routes";
import { createUser } from "./users";
import type { AppContext } from "../context";
import type { Engine } from "../engine/runtime/engine";
import type { McpConnectionManager } from "../mcp/manager";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { allows, ROLES } from "@/lib/auth/roles";
import { resetEnv } from "../env";

const PASSWORD = "correct horse battery";
const ORIGIN = "http://switchyard.test";
const ask = (group?: string): WorkflowDefinition => ({
  schemaVersion: 1,
  name: `Ask ${group ?? "anyone"}`,
  startAt: "ask",
  states: {
    ask: {
      type: "human",
      title: "Approve?",
      options: [{ id: "ok", label: "OK", next: "done" }],
      ...(group ? { assigneeGroup: group } : {}),
    },
    done: { type: "succeed" },
  },
});

let t: TestDatabase;
let pool: McpConnectionManager;
let engine: Engine;
const box = new SecretBox(randomBytes(32));
const saved: Record<string, string | undefined> = {};

const ctx = (req: Request, resHeaders = new Headers()): AppContext => ({
  db: t.db,
  box,
  pool,
  control: () => engine,
  http: { req, resHeaders },
});

interface Reply {
  status: number;
  data: unknown;
  error?: { message: string; data: { code: string } };
  setCookie: string | null;
}

/** A tRPC call over HTTP as a browser on ORIGIN would make it (cookie, Origin, address). */
async function trpc(
  path: string,
  input: unknown,
  opts: { cookie?: string; origin?: string; address?: string; query?: boolean } = {},
) {
  const body = JSON.stringify(superjson.serialize(input));
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": opts.address ?? "10.0.0.1" });
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (!opts.query) headers.set("origin", opts.origin ?? ORIGIN);
  headers.set("host", new URL(ORIGIN).host);
  const url = `${ORIGIN}/api/trpc/${path}${opts.query ? `?input=${encodeURIComponent(body)}` : ""}`;
  const req = new Request(url, { method: opts.query ? "GET" : "POST", headers, ...(opts.query ? {} : { body }) });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ req, resHeaders }) => ctx(req, resHeaders),
  });
  const raw = (await res.json()) as { error?: never; result?: { data: never } };
  return {
    status: res.status,
    data: raw.result ? superjson.deserialize(raw.result.data) : undefined,
    error: raw.error ? superjson.deserialize<Reply["error"]>(raw.error) : undefined,
    setCookie: res.headers.get("set-cookie"),
  } satisfies Reply;
}

const cookieOf = (r: Reply) => r.setCookie?.split(";")[0] ?? "";

async function signIn(email: string, password = PASSWORD, address = "10.0.0.1") {
  return trpc("auth.signIn", { email, password }, { address });
}

async function waitForEscalation(runId: string): Promise<string> {
  const e = await until(() => t.db.escalation.findFirst({ where: { runId } }), `an escalation for ${runId}`, 60_000);
  return e.id;
}

describe.each(PROVIDERS)("accounts mode on %s", (provider) => {
  beforeAll(async () => {
    for (const k of ["SWITCHYARD_AUTH", "SWITCHYARD_SIGNIN_WINDOW_SECONDS", "SWITCHYARD_SIGNIN_MAX_FAILURES"])
      saved[k] = process.env[k];
    process.env.SWITCHYARD_AUTH = "accounts";
    process.env.SWITCHYARD_SIGNIN_WINDOW_SECONDS = "8"; // long enough for 50 attempts on a loaded machine
    process.env.SWITCHYARD_SIGNIN_MAX_FAILURES = "10";
    resetEnv();
    t = await createTestDatabase(provider);
    pool = createMcpPool(t.db, box);
    engine = createEngine(t.db, pool, { url: t.url, pollMs: 20 });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    await pool?.closeAll();
    await t?.dispose();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnv();
  });

  let adminCookie = "";

  it("asks for the first admin, creates it once, and signs them in with an HTTP-only SameSite cookie", async () => {
    expect((await trpc("auth.status", undefined, { query: true })).data).toEqual({
      mode: "accounts",
      needsSetup: true,
      me: null,
    });
    expect((await trpc("workflows.list", undefined, { query: true })).status).toBe(401);

    const weak = await trpc("auth.setup", { email: "ada@example.com", name: "Ada", password: "short" });
    expect(weak.status).toBe(400);
    expect(await t.db.user.count()).toBe(0);

    const setup = await trpc("auth.setup", { email: "Ada@Example.com", name: "Ada", password: PASSWORD });
    expect(setup.status).toBe(200);
    expect(setup.setCookie).toMatch(/^sy_session=sys_[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    expect(setup.setCookie).not.toContain("Secure"); // plain http here
    adminCookie = cookieOf(setup);
    // Only the SHA-256 of the token is stored.
    const token = adminCookie.split("=")[1]!;
    expect(JSON.stringify(await t.db.session.findMany())).not.toContain(token);

    const status = await trpc("auth.status", undefined, { query: true, cookie: adminCookie });
    expect(status.data).toMatchObject({ needsSetup: false, me: { email: "ada@example.com", role: "admin" } });
    const again = await trpc("auth.setup", { email: "eve@example.com", name: "Eve", password: PASSWORD });
    expect(again.status).toBe(409);
    expect(await t.db.user.count()).toBe(1);
  });

  it("refuses a state-changing call from another site, and changes nothing", async () => {
    const before = await t.db.workflow.count();
    const evil = await trpc("workflows.create", { name: "Evil" }, { cookie: adminCookie, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.error?.message).toContain("https://evil.example");
    expect(await t.db.workflow.count()).toBe(before);
    expect((await trpc("workflows.create", { name: "Good" }, { cookie: adminCookie })).status).toBe(200);
  });

  it(
    "slows down 50 wrong passwords in a row, logs them, and lets the right one in after the window",
    { timeout: 60_000 },
    async () => {
      await createUser(t.db, {
        email: "op@example.com",
        name: "Olga Operator",
        role: "operator",
        groups: ["support"],
        password: PASSWORD,
      });
      // The clock stands still while the 50 attempts are made and checked (at load 28 they took longer than the 8 s
      // window, so the first failures left it and a later attempt was checked again); then it jumps past the window
      // instead of the test sleeping 8.1 s. Only Date is faked: timers stay real.
      const start = Date.now();
      vi.useFakeTimers({ toFake: ["Date"], now: start });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 50; i++) statuses.push((await signIn("op@example.com", `wrong-${i}`)).status);
        expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
        expect(statuses.slice(10)).toEqual(Array(40).fill(429));
        const blocked = await signIn("op@example.com");
        expect(blocked.status).toBe(429);
        expect(blocked.error?.message).toBe("Too many failed sign-ins for this account or address: wait 8 s and try again");
        expect(blocked.setCookie).toBeNull();

        const failed = await t.db.auditEvent.findMany({ where: { action: "auth.sign_in_failed" } });
        expect(failed).toHaveLength(10);
        expect(failed[0]).toMatchObject({ actor: "op@example.com", detail: "wrong password", address: "10.0.0.1" });
        expect(await t.db.auditEvent.count({ where: { action: "auth.sign_in_blocked" } })).toBe(41);
        // No password in the log.
        expect(JSON.stringify(await t.db.auditEvent.findMany())).not.toMatch(/wrong-|correct horse/);

        vi.setSystemTime(start + 8_100);
        const ok = await signIn("op@example.com");
        expect(ok.status).toBe(200);
      } finally {
        vi.useRealTimers();
      }
      expect(await t.db.auditEvent.count({ where: { action: "auth.sign_in", actor: "op@example.com" } })).toBe(1);
    },
  );

  it("counts concurrent wrong passwords atomically, and a locked pair does not lock the owner out (issue 15)", async () => {
    await createUser(t.db, { email: "race@example.com", name: "Rae Race", role: "viewer", groups: [], password: PASSWORD });
    // 40 at once from one address: before, 18-20 passwords were checked against a limit of 10.
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn("race@example.com", `wrong-${i}`, "10.6.0.1")),
    );
    const checked = statuses.filter((r) => r.status === 401).length;
    // Each attempt writes its row before it counts, so a burst can never pass more than the limit (it may pass fewer).
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((r) => r.status === 429)).toHaveLength(40 - checked);
    let more = 0;
    while ((await signIn("race@example.com", `again-${more}`, "10.6.0.1")).status === 401) more++;
    expect(checked + more).toBe(10);
    expect(await t.db.auditEvent.count({ where: { action: "auth.sign_in_failed", target: "race@example.com" } })).toBe(10);
    // The attacker's address stays locked for this email, even with the right password...
    expect((await signIn("race@example.com", PASSWORD, "10.6.0.1")).status).toBe(429);
    // ...but the owner, from their own address, signs in.
    expect((await signIn("race@example.com", PASSWORD, "10.6.0.2")).status).toBe(200);
  });

  it("puts the signed-in person's name on escalation actions, whatever name the client sends, within their groups", async () => {
    const opCookie = cookieOf(await signIn("op@example.com", PASSWORD, "10.0.0.2"));
    const support = await createWorkflow(t.db, { name: "Support", definition: ask("support") });
    const billing = await createWorkflow(t.db, { name: "Billing", definition: ask("billing") });
    await publishWorkflow(t.db, { id: support.id });
    await publishWorkflow(t.db, { id: billing.id });
    const started = async (id: string) =>
      (await trpc("runs.start", { workflowId: id, input: {} }, { cookie: opCookie })).data as { runId: string };
    const supportEsc = await waitForEscalation((await started(support.id)).runId);
    const billingEsc = await waitForEscalation((await started(billing.id)).runId);

    const resolution = { action: "option", optionId: "ok" };
    const other = await trpc("escalations.resolve", { id: billingEsc, by: "Mallory", resolution }, { cookie: opCookie });
    expect(other.status).toBe(403);
    expect(other.error?.message).toBe("This escalation is assigned to the group billing; you are in support");
    expect((await t.db.escalation.findUniqueOrThrow({ where: { id: billingEsc } })).status).toBe("open");

    const mine = await trpc("escalations.resolve", { id: supportEsc, by: "Mallory", resolution }, { cookie: opCookie });
    expect(mine.status).toBe(200);
    expect(await t.db.escalation.findUniqueOrThrow({ where: { id: supportEsc } })).toMatchObject({
      status: "resolved",
      resolvedBy: "Olga Operator",
    });
    expect(await t.db.auditEvent.findFirst({ where: { action: "escalation.resolve" } })).toMatchObject({
      actor: "op@example.com",
      target: supportEsc,
      detail: "chose ok",
      address: "10.0.0.1", // the address of the request that resolved it
    });
  });

  it("gives API tokens no more than the creator's role, shows them once, and stops them when revoked", async () => {
    const opCookie = cookieOf(await signIn("op@example.com", PASSWORD, "10.0.0.3"));
    const higher = await trpc("tokens.create", { name: "too much", role: "admin" }, { cookie: opCookie });
    expect(higher.status).toBe(403);
    const created = (await trpc("tokens.create", { name: "ci", role: "operator" }, { cookie: opCookie })).data as {
      id: string;
      token: string;
    };
    expect(created.token).toMatch(/^syt_/);
    expect(JSON.stringify(await t.db.apiToken.findMany())).not.toContain(created.token);
    const listed = (await trpc("tokens.list", undefined, { query: true, cookie: opCookie })).data as {
      lastUsedAt: Date | null;
    }[];
    expect(listed[0]).toMatchObject({ lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const wf = await createWorkflow(t.db, { name: "Via API", definition: ask() });
    await publishWorkflow(t.db, { id: wf.id });
    const bearer = (token: string, method = "GET", body?: unknown) =>
      new Request(`${ORIGIN}/api/x`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", origin: "https://elsewhere.example" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const c = ctx(new Request(ORIGIN));
    const run = await postRun(c, bearer(created.token, "POST", {}), wf.id);
    expect(run.status).toBe(201); // tokens are not cookies: no CSRF check
    const { runId } = (await run.json()) as { runId: string };
    expect((await getRunRoute(c, bearer(created.token), runId)).status).toBe(200);
    const escalationId = await waitForEscalation(runId);
    const resolved = await postResolve(
      c,
      bearer(created.token, "POST", { resolution: { action: "option", optionId: "ok" } }),
      escalationId,
    );
    expect(resolved.status).toBe(200);
    expect((await t.db.escalation.findUniqueOrThrow({ where: { id: escalationId } })).resolvedBy).toBe("Olga Operator");
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();

    expect((await trpc("tokens.revoke", { id: created.id }, { cookie: opCookie })).status).toBe(200);
    const after = await getRunRoute(c, bearer(created.token), runId);
    expect(after.status).toBe(401);
    expect(await after.text()).not.toContain(created.token);
  });

  it("checks every HTTP route's role for cookies and tokens", async () => {
    const wf = await createWorkflow(t.db, { name: "Routes", definition: ask() });
    await publishWorkflow(t.db, { id: wf.id });
    const c = ctx(new Request(ORIGIN));
    for (const role of ROLES) {
      const user = await createUser(t.db, {
        email: `${role}-routes@example.com`,
        name: role,
        role,
        groups: [],
        password: PASSWORD,
      });
      const cookie = cookieOf(await signIn(user.email, PASSWORD, `10.1.0.${ROLES.indexOf(role)}`));
      const req = (method: string, body?: unknown) =>
        new Request(`${ORIGIN}/api/x`, {
          method,
          headers: { cookie, origin: ORIGIN, host: new URL(ORIGIN).host },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      const runs = await t.db.run.count();
      const start = await postRun(c, req("POST", {}), wf.id);
      expect(start.status, `${role} POST runs`).toBe(allows(role, ROUTE_ACCESS["POST /api/workflows/{id}/runs"]) ? 201 : 403);
      if (start.status === 403) expect(await t.db.run.count()).toBe(runs);
      const batch = await postRunBatch(c, req("POST", { inputs: [{}, {}] }), wf.id);
      expect(batch.status, `${role} POST runs/batch`).toBe(
        allows(role, ROUTE_ACCESS["POST /api/workflows/{id}/runs/batch"]) ? 201 : 403,
      );
      if (batch.status === 403) expect(await t.db.run.count()).toBe(runs);
      const someRun = (await t.db.run.findFirstOrThrow()).id;
      expect((await getRunRoute(c, req("GET"), someRun)).status, `${role} GET run`).toBe(200);
      const open = await t.db.escalation.findFirst({ where: { status: "open", assigneeGroup: null } });
      const resolve = await postResolve(c, req("POST", { resolution: { action: "option", optionId: "ok" } }), open!.id);
      expect(resolve.status, `${role} resolve`).toBe(
        allows(role, ROUTE_ACCESS["POST /api/escalations/{id}/resolve"]) ? 200 : 403,
      );
      if (resolve.status === 403)
        expect((await t.db.escalation.findUniqueOrThrow({ where: { id: open!.id } })).status).toBe("open");
    }
    const anonymous = await getRunRoute(c, new Request(`${ORIGIN}/api/x`), (await t.db.run.findFirstOrThrow()).id);
    expect(anonymous.status).toBe(401);
  });

  it("changes a password: the old one stops working, other sessions end, this one stays", async () => {
    await createUser(t.db, { email: "pw@example.com", name: "Pat", role: "viewer", groups: [], password: PASSWORD });
    const here = cookieOf(await signIn("pw@example.com", PASSWORD, "10.2.0.1"));
    const elsewhere = cookieOf(await signIn("pw@example.com", PASSWORD, "10.2.0.2"));
    const wrong = await trpc("auth.changePassword", { current: "not it at all", next: "a new long password" }, { cookie: here });
    expect(wrong.status).toBe(400);
    expect(wrong.error?.message).toBe("The current password is wrong");
    const weak = await trpc("auth.changePassword", { current: PASSWORD, next: "short" }, { cookie: here });
    expect(weak.error?.message).toBe("The password must have at least 10 characters");
    expect((await trpc("auth.changePassword", { current: PASSWORD, next: "a new long password" }, { cookie: here })).status).toBe(
      200,
    );
    expect((await trpc("auth.status", undefined, { query: true, cookie: here })).data).toMatchObject({
      me: { email: "pw@example.com" },
    });
    expect((await trpc("auth.status", undefined, { query: true, cookie: elsewhere })).data).toMatchObject({ me: null });
    expect((await signIn("pw@example.com", PASSWORD, "10.2.0.3")).status).toBe(401);
    expect((await signIn("pw@example.com", "a new long password", "10.2.0.3")).status).toBe(200);
  });

  it("deactivates a person: their sessions and API tokens stop at once, and they cannot sign in", async () => {
    const admin = cookieOf(await signIn("ada@example.com", PASSWORD, "10.3.0.1"));
    const user = await createUser(t.db, {
      email: "leaver@example.com",
      name: "Lee",
      role: "operator",
      groups: [],
      password: PASSWORD,
    });
    const cookie = cookieOf(await signIn(user.email, PASSWORD, "10.3.0.2"));
    const { token } = (await trpc("tokens.create", { name: "script", role: "viewer" }, { cookie })).data as { token: string };
    expect((await trpc("users.update", { id: user.id, active: false }, { cookie: admin })).status).toBe(200);
    expect((await trpc("runs.list", undefined, { query: true, cookie })).status).toBe(401);
    const bearer = new Request(`${ORIGIN}/api/x`, { headers: { authorization: `Bearer ${token}` } });
    expect((await getRunRoute(ctx(new Request(ORIGIN)), bearer, "run_x")).status).toBe(401);
    const again = await signIn(user.email, PASSWORD, "10.3.0.3");
    expect(again.status).toBe(401);
    expect(again.error?.message).toBe("This account is deactivated: ask an admin");
    expect(await t.db.auditEvent.findFirst({ where: { action: "user.update", target: user.id } })).toMatchObject({
      actor: "ada@example.com",
      detail: "leaver@example.com: deactivated",
    });
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const cookie = cookieOf(await signIn("op@example.com", PASSWORD, "10.0.0.9"));
    const out = await trpc("auth.signOut", undefined, { cookie });
    expect(out.setCookie).toMatch(/^sy_session=; Path=\/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970/);
    expect((await trpc("auth.status", undefined, { query: true, cookie })).data).toMatchObject({ me: null });
  });
});
