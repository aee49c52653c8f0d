/**
 * JSON with keys named `constructor`, `prototype` or `__proto__` (issue 15): one such event made events.list answer
 * 500 for everyone, such a run input made the run page 500, and `__proto__` was dropped. Over real tRPC HTTP requests
 * (the route's fetch handler, the app's transformer on both sides) on a real database, each is stored and shown
 * exactly as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { randomBytes } from "node:crypto";
import { appRouter } from "./root";
import { transformer } from "@/lib/transport/transformer";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { SecretBox } from "../security/secrets";
import { createMcpPool } from "../services/servers/mcp-pool";
import { createEngine } from "../services/host/engine-host";
import { publish } from "../test/coordination-fixtures";
import { publishEvent } from "../services/coordination/events";
import { createTrigger, receiveWebhook } from "../services/coordination/triggers";
import type { McpConnectionManager } from "../mcp/manager";
import type { Engine } from "../engine/runtime/engine";

let t: TestDatabase;
let pool: McpConnectionManager;
let engine: Engine;
const box = new SecretBox(randomBytes(32));
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  pool = createMcpPool(t.db, box);
  engine = createEngine(t.db, pool, { url: t.url, pollMs: 50 });
  await engine.start();
});
afterAll(async () => {
  await engine.stop();
  await pool.closeAll();
  await t.dispose();
});

async function call(path: string, input: unknown, method: "GET" | "POST" = "POST") {
  const body = JSON.stringify(transformer.serialize(input));
  const url = `http://localhost/api/trpc/${path}${method === "GET" ? `?input=${encodeURIComponent(body)}` : ""}`;
  const req = new Request(url, {
    method,
    ...(method === "POST" ? { body, headers: { "content-type": "application/json" } } : {}),
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ db: t.db, box, pool, control: () => engine }),
  });
  const raw = (await res.json()) as { result?: { data: never } };
  return { status: res.status, data: raw.result ? transformer.deserialize<unknown>(raw.result.data) : undefined };
}

/** Parsed as a server parses a request body: `__proto__` becomes an own key. */
const hostile = () =>
  JSON.parse('{"constructor":{"name":"x"},"prototype":1,"__proto__":{"polluted":true},"ok":[{"constructor":2}]}') as Record<
    string,
    unknown
  >;

describe("reserved keys in accepted JSON", () => {
  it("an event payload with them is listed exactly as sent, and nothing is polluted", async () => {
    const viaUi = await call("events.publish", { type: "order.placed", id: "ui-1", payload: hostile() });
    expect(viaUi.status).toBe(200);
    await publishEvent(
      engine,
      JSON.parse(`{"type":"order.placed","id":"http-1","payload":${JSON.stringify(hostile())}}`),
      "http",
    );
    const listed = await call("events.list", {}, "GET");
    expect(listed.status).toBe(200);
    const events = listed.data as { id: string; payload: unknown }[];
    for (const id of ["ui-1", "http-1"]) {
      const payload = events.find((e) => e.id === id)?.payload as Record<string, unknown>;
      expect(Object.keys(payload)).toEqual(["constructor", "prototype", "__proto__", "ok"]);
      expect(JSON.stringify(payload)).toBe(JSON.stringify(hostile()));
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a run whose input has them starts, and its page shows the input exactly", async () => {
    const workflowId = await publish(t.db, {
      schemaVersion: 1,
      name: "Echo",
      startAt: "done",
      states: { done: { type: "succeed", output: "{% $input %}" } },
    });
    const started = await call("runs.start", { workflowId, input: hostile() });
    expect(started.status).toBe(200);
    const { runId } = started.data as { runId: string };
    const page = await call("runs.get", { id: runId }, "GET");
    expect(page.status).toBe(200);
    const run = page.data as { input: unknown };
    expect(JSON.stringify(run.input)).toBe(JSON.stringify(hostile()));
  });

  it("a webhook body with them starts a run whose input is the body exactly as sent", async () => {
    const workflowId = await publish(t.db, {
      schemaVersion: 1,
      name: "Hooked echo",
      startAt: "done",
      states: { done: { type: "succeed", output: "{% $input %}" } },
    });
    const hook = await createTrigger(t.db, { workflowId, config: { kind: "webhook" } });
    const fired = await receiveWebhook(t.db, engine, {
      triggerId: hook.id,
      secret: hook.secret ?? null,
      body: hostile(),
      deliveryId: "reserved-1",
    });
    expect(fired.status).toBe("started");
    const { runId } = fired as { runId: string };
    const page = await call("runs.get", { id: runId }, "GET");
    expect(page.status).toBe(200);
    const run = page.data as { input: unknown };
    // The webhook's default input is the body (or the body inside an envelope): either way, every key is kept.
    expect(JSON.stringify(run.input)).toContain(JSON.stringify(hostile()));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
