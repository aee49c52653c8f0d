/**
 * The front's hot routes (scripts/front/hot-routes.ts) over a real HTTP server on a real SQLite file, beside the
 * Next.js route handlers they reuse: the same statuses and bodies, proxy.ts's checks (Host allow-list of local mode,
 * same origin for POST), next.config.js's headers, a bounded body, and every other request handed to the fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@/server/test/databases";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import { stopEngine } from "@/server/services/host/app-engine";
import { resetEnv } from "@/server/env";
import { MAX_BODY_BYTES } from "@/server/api/http";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { configHeaders, frontListener, matchHot } from "./hot-routes";

const definition = {
  schemaVersion: 1,
  name: "Front",
  input: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] },
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Call back", options: [{ id: "done", label: "Done", next: "end" }] },
    end: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

let t: TestDatabase;
let server: Server;
let base: string;
let workflowId: string;
let headers: [string, string][];
const saved = { url: process.env.DATABASE_URL, key: process.env.SWITCHYARD_SECRET_KEY };

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  process.env.DATABASE_URL = t.url;
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
  resetEnv();
  ({ id: workflowId } = await createWorkflow(t.db, { name: "Front", definition }));
  await publishWorkflow(t.db, { id: workflowId });
  headers = await configHeaders(path.resolve(import.meta.dirname, "../.."));
  server = createServer(
    frontListener({
      fallback: (req, res) => res.writeHead(299, { "x-fallback": `${req.method} ${req.url}` }).end(),
      headers,
      trustProxy: false,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopEngine();
  await t.dispose();
  process.env.DATABASE_URL = saved.url;
  process.env.SWITCHYARD_SECRET_KEY = saved.key;
  if (saved.url === undefined) delete process.env.DATABASE_URL;
  if (saved.key === undefined) delete process.env.SWITCHYARD_SECRET_KEY;
  resetEnv();
});

/** The same request to the Next.js route handler itself, for comparison. */
async function throughRoute(id: string, body: string, batch = false): Promise<{ status: number; body: unknown }> {
  const route = batch
    ? await import("@/app/api/workflows/[id]/runs/batch/route")
    : await import("@/app/api/workflows/[id]/runs/route");
  const res = await route.POST(new Request(`${base}/api/workflows/${id}/runs`, { method: "POST", body }), {
    params: Promise.resolve({ id }),
  });
  return { status: res.status, body: await res.json() };
}

const post = (p: string, body: string, extra: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { method: "POST", body, headers: { "content-type": "application/json", ...extra } });

describe("front: hot routes", () => {
  it("starts a run: 201 with its URLs on the request's origin, Server-Timing and next.config.js's headers", async () => {
    const res = await post(`/api/workflows/${workflowId}/runs`, JSON.stringify({ orderId: "F-1" }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { runId: string; version: number; url: string };
    expect(body).toMatchObject({ version: 1, url: `${base}/runs/${body.runId}` });
    expect((await t.db.run.findUniqueOrThrow({ where: { id: body.runId } })).status).toBe("waiting");
    expect(res.headers.get("server-timing")).toMatch(/^app;dur=\d/);
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(headers.length).toBeGreaterThan(3);
    for (const [name, value] of headers) expect(res.headers.get(name)).toBe(value);
  });

  it("answers refusals exactly as the route handler does (bad JSON, not an object, bad input, unknown workflow)", async () => {
    const before = await t.db.run.count();
    for (const [id, body] of [
      [workflowId, "{oops"],
      [workflowId, "[1]"],
      [workflowId, JSON.stringify({ orderId: 7 })],
      ["wf_missing", "{}"],
    ] as const) {
      const res = await post(`/api/workflows/${encodeURIComponent(id)}/runs`, body);
      const direct = await throughRoute(id, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect({ status: res.status, body: (await res.json()) as unknown }).toEqual(direct);
    }
    expect(await t.db.run.count()).toBe(before);
  });

  it("starts a batch, and refuses a bad one as the route handler does", async () => {
    const res = await post(
      `/api/workflows/${workflowId}/runs/batch`,
      JSON.stringify({ inputs: [{ orderId: "B1" }, { orderId: "B2" }] }),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { runs: unknown[] }).runs).toHaveLength(2);
    const bad = JSON.stringify({ inputs: [{ orderId: "B3" }, 7] });
    const refused = await post(`/api/workflows/${workflowId}/runs/batch`, bad);
    expect({ status: refused.status, body: (await refused.json()) as unknown }).toEqual(
      await throughRoute(workflowId, bad, true),
    );
  });

  it("applies proxy.ts's checks: a foreign Host (local mode) and a cross-site POST are refused, nothing started", async () => {
    const before = await t.db.run.count();
    const { request } = await import("node:http");
    const raw = (method: string, p: string, extra: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}${p}`, { method, headers: extra }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end(method === "POST" ? JSON.stringify({ orderId: "X" }) : undefined);
      });
    expect(await raw("POST", `/api/workflows/${workflowId}/runs`, { host: "evil.example" })).toBe(403);
    expect(await raw("GET", "/api/health", { host: "evil.example:80" })).toBe(403);
    expect(await raw("POST", `/api/workflows/${workflowId}/runs`, { origin: "http://evil.example" })).toBe(403);
    expect(await raw("POST", `/api/workflows/${workflowId}/runs`, { "sec-fetch-site": "cross-site" })).toBe(403);
    expect(await t.db.run.count()).toBe(before);
  });

  it("refuses a body over the limit with the route's answer, without reading all of it", async () => {
    const res = await post(`/api/workflows/${workflowId}/runs`, "x".repeat(3 * MAX_BODY_BYTES + 100));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid", message: `The request body is larger than ${MAX_BODY_BYTES} bytes` },
    });
  });

  it("answers health and readiness", async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toHaveProperty("uptimeSeconds");
    expect([200, 503]).toContain((await fetch(`${base}/api/ready`)).status);
  });

  it("hands every other request to Next.js: other paths, methods, a trailing slash, a bad escape", async () => {
    for (const [method, p] of [
      ["GET", `/api/workflows/${workflowId}/runs`],
      ["HEAD", "/api/health"],
      ["GET", "/api/health/"],
      ["POST", "/api/workflows/a/b/runs"],
      ["POST", "/api/workflows/%E0%A4%A/runs"],
      ["GET", "/mcp"],
      ["GET", "/runs"],
    ] as const) {
      const res = await fetch(`${base}${p}`, { method, redirect: "manual" });
      expect(res.status, `${method} ${p}`).toBe(299);
      expect(res.headers.get("x-fallback")).toBe(`${method} ${p}`);
    }
    expect(matchHot("POST", "/api/workflows/wf%201/runs?x=1")).toMatchObject({ id: "wf 1" });
  });
});
