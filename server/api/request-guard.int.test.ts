/**
 * Every route of app/api (issue 15): a request to a host name the server does not answer to (DNS rebinding) and a
 * cross-site request that would change something are refused with 403 before the route does anything, by the route
 * handlers themselves and by proxy.ts in front of them; nothing is written. Same-origin and token requests still work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { stopEngine } from "../services/host/app-engine";
import { resetEnv } from "../env";
import { proxy } from "@/proxy";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

const ROOT = path.resolve(import.meta.dirname, "../../app/api");
function routeFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(file) : e.name === "route.ts" ? [file] : [];
  });
}

const CHANGING = ["POST", "PUT", "PATCH", "DELETE"] as const;
const ALL = ["GET", ...CHANGING] as const;

let t: TestDatabase;
const saved = { url: process.env.DATABASE_URL, key: process.env.SWITCHYARD_SECRET_KEY, auth: process.env.SWITCHYARD_AUTH };

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  process.env.DATABASE_URL = t.url;
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
  delete process.env.SWITCHYARD_AUTH; // local mode: nobody signs in, so these checks are all there is
  resetEnv();
});
afterAll(async () => {
  await stopEngine();
  await t.dispose();
  for (const [name, value] of [
    ["DATABASE_URL", saved.url],
    ["SWITCHYARD_SECRET_KEY", saved.key],
    ["SWITCHYARD_AUTH", saved.auth],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
});

async function rowCounts(): Promise<number[]> {
  return Promise.all([t.db.event.count(), t.db.run.count(), t.db.mcpServer.count(), t.db.triggerFiring.count()]);
}

const hostile = (method: string, url: string, headers: Record<string, string>) =>
  new Request(url, { method, body: method === "GET" ? undefined : '{"type":"x.y"}', headers });

describe("request guard on every app/api route", () => {
  const files = routeFiles();

  it("finds the routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it("refuses cross-site state changes and foreign host names on every route handler, writing nothing", async () => {
    const before = await rowCounts();
    const checked: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Partial<Record<(typeof ALL)[number], Handler>>;
      const url = `http://127.0.0.1:3000/api/${path.relative(ROOT, path.dirname(file)).replace(/\[(\w+)\]/g, "x")}`;
      const params = { params: Promise.resolve({ id: "x", blobId: "x", trpc: "servers.testConfig" }) };
      for (const method of ALL) {
        const handler = mod[method];
        if (!handler || handler.length === 0) continue; // no request: health, ready, schema (proxy.ts covers them)
        const rebinding = await handler(
          hostile(method, url, { host: "attacker.example:3000", origin: "http://attacker.example:3000" }),
          params,
        );
        expect({ route: `${method} ${url}`, status: rebinding.status }).toEqual({ route: `${method} ${url}`, status: 403 });
        if (CHANGING.includes(method as (typeof CHANGING)[number])) {
          const crossSite = await handler(
            hostile(method, url, {
              host: "127.0.0.1:3000",
              origin: "https://evil.example",
              "sec-fetch-site": "cross-site",
              "content-type": "text/plain",
            }),
            params,
          );
          expect({ route: `${method} ${url}`, status: crossSite.status }).toEqual({ route: `${method} ${url}`, status: 403 });
          expect(await crossSite.text()).toMatch(/Refused/);
        }
        checked.push(`${method} ${url}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining(["POST http://127.0.0.1:3000/api/events", "POST http://127.0.0.1:3000/api/trpc/x"]),
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("POST /api/events from this app's own page or a script still publishes", async () => {
    const { POST } = (await import("@/app/api/events/route")) as { POST: Handler };
    const params = { params: Promise.resolve({}) };
    const sameOrigin = await POST(
      new Request("http://localhost:3000/api/events", {
        method: "POST",
        body: JSON.stringify({ type: "order.placed", id: "same-origin" }),
        headers: { host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" },
      }),
      params,
    );
    expect(sameOrigin.status).toBe(202);
    const script = await POST(
      new Request("http://[::1]:3000/api/events", {
        method: "POST",
        body: JSON.stringify({ type: "order.placed", id: "curl" }),
        headers: { host: "[::1]:3000" },
      }),
      params,
    );
    expect(script.status).toBe(202);
    // 10,000 levels of nesting answered 500 (a stack overflow in validation): now 400 naming the limit.
    const deep = await POST(
      new Request("http://localhost:3000/api/events", {
        method: "POST",
        body: `{"type":"order.placed","payload":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
        headers: { host: "localhost:3000" },
      }),
      params,
    );
    expect(deep.status).toBe(400);
    expect(await deep.text()).toMatch(/nests deeper than 100 levels/);
    expect(await t.db.event.count()).toBe(2);
  });

  it("proxy.ts refuses before any route or page, and lets the allowed hosts through", () => {
    const page = (host: string, extra: Record<string, string> = {}, method = "GET") =>
      proxy(new NextRequest(`http://${host}/runs`, { method, headers: { host, ...extra } }));
    expect(page("attacker.example").status).toBe(403);
    expect(page("127.0.0.1.nip.example:3000").status).toBe(403);
    for (const ok of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST"]) expect(page(ok).status).toBe(200);
    expect(page("localhost:3000", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, "POST").status).toBe(403);
    process.env.SWITCHYARD_ALLOWED_HOSTS = "switchyard.internal, build-box";
    try {
      expect(page("switchyard.internal:3000").status).toBe(200);
      expect(page("build-box").status).toBe(200);
      expect(page("attacker.example").status).toBe(403);
    } finally {
      delete process.env.SWITCHYARD_ALLOWED_HOSTS;
    }
  });
});
