/**
 * A demo server over Streamable HTTP (a real process on a loopback port,
 * sharing its state with a stdio instance), and the in-process factories.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createCrmServer } from "./crm";
import { createDocsServer } from "./docs";
import { createEmailServer } from "./email";
import { createOrdersServer } from "./orders";
import { readCallLog } from "./shared/call-log";
import { eventually, structured, TestResources } from "./shared/testing";
import { IDEMPOTENCY_KEY_META, REPLAYED_META } from "./shared/tools";
import { createTicketingServer } from "./ticketing";

const key = (k: string) => ({ [IDEMPOTENCY_KEY_META]: k });
const resources = new TestResources();
afterEach(() => resources.cleanup());
const stateDir = () => resources.stateDir();

describe("a demo server over Streamable HTTP", () => {
  it("serves sessions on loopback, answers /health, and shares its state with a stdio instance", async () => {
    const dir = stateDir();
    const http = await resources.http("orders", dir);
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const health = (await (await fetch(new URL("/health", http.url))).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", server: "orders", sessions: 0 });
    expect((await fetch(http.url)).status).toBe(400); // GET /mcp without a session
    expect((await fetch(new URL("/other", http.url))).status).toBe(404);

    const a = await resources.httpClient(http.url);
    const b = await resources.httpClient(http.url);
    expect((await a.listTools()).tools.map((t) => t.name)).toContain("issue_refund");
    expect(structured(await a.callTool({ name: "get_order", arguments: { orderId: "ORD-1001" } }))).toMatchObject({
      total: 89.9,
    });
    const refund = await b.callTool({
      name: "issue_refund",
      arguments: { orderId: "ORD-1001", amount: 89.9, reason: "broken" },
      _meta: key("http-1"),
    });
    expect(structured(refund)).toMatchObject({ refundId: "RF-1001" });
    const health2 = (await (await fetch(new URL("/health", http.url))).json()) as Record<string, unknown>;
    expect(health2).toMatchObject({ sessions: 2 });

    // A stdio process on the same state directory sees the refund and honours the key.
    const stdio = await resources.stdio("orders", dir);
    const replay = await stdio.client.callTool({
      name: "issue_refund",
      arguments: { orderId: "ORD-1001", amount: 89.9, reason: "broken" },
      _meta: key("http-1"),
    });
    expect(structured(replay)).toEqual(structured(refund));
    expect(replay._meta?.[REPLAYED_META]).toBe(true);
    const sessions = new Set(readCallLog(dir, "orders").map((e) => e.sessionId));
    expect(sessions.size).toBe(3); // two HTTP sessions, and stdio (null)
  });
});

describe("the in-process factories", () => {
  it("build each server for an in-process transport, with faults from the options", async () => {
    const dir = stateDir();
    const factories = [createCrmServer, createOrdersServer, createDocsServer, createTicketingServer, createEmailServer];
    for (const factory of factories) {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = factory({ stateDir: dir, env: {} });
      await server.connect(serverSide);
      const client = new Client({ name: "in-process", version: "1.0.0" });
      await client.connect(clientSide);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    }

    // Faults come from `env`, and crash/exit faults call `exit` instead of ending the test process.
    const exits: number[] = [];
    const orders = createOrdersServer({ stateDir: dir, env: { DEMO_EXIT_AFTER: "1" }, exit: (code) => void exits.push(code) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await orders.connect(serverSide);
    const client = new Client({ name: "in-process", version: "1.0.0" });
    await client.connect(clientSide);
    const call = { name: "get_order", arguments: { orderId: "ORD-1001" } };
    expect(structured(await client.callTool(call))).toMatchObject({ orderId: "ORD-1001" });
    const pending = client.callTool(call).catch((err: unknown) => err);
    await eventually(() => (exits.length > 0 ? true : undefined));
    expect(exits).toEqual([0]);
    await client.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(readCallLog(dir, "orders").map((e) => e.outcome)).toEqual(["ok", "fault"]);
  });
});
