/**
 * Fault injection of the demo servers, as real processes over stdio: seeded
 * failure rates, protocol errors, crashes, hangs that end when cancelled,
 * exit after N calls, a faults file read on every call, latency reported as
 * progress, and a crash after the effect (the idempotency key saves the retry).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { readCallLog } from "./shared/call-log";
import { createRandom } from "./shared/faults";
import { eventually, structured, TestResources, textOf, type DemoServerName } from "./shared/testing";
import { IDEMPOTENCY_KEY_META, REPLAYED_META } from "./shared/tools";

// Every test starts its own processes in its own state directory; all stopped after it.
const resources = new TestResources();
afterEach(() => resources.cleanup());
const stateDir = () => resources.stateDir();
const start = (name: DemoServerName, dir: string, env: Record<string, string> = {}) => resources.stdio(name, dir, env);
const ada = { name: "find_customer", arguments: { email: "ada.lovelace@example.com" } };

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("fault injection", () => {
  it("fails a seeded fraction of calls, the same ones for the same seed, only for DEMO_FAULT_TOOLS", async () => {
    const dir = stateDir();
    const crm = await start("crm", dir, { DEMO_FAILURE_RATE: "0.5", DEMO_SEED: "42", DEMO_FAULT_TOOLS: "find_customer" });
    const failed: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await crm.client.callTool(ada);
      failed.push(result.isError === true);
      // customer_history is not in DEMO_FAULT_TOOLS: it never fails and draws nothing.
      expect(
        (await crm.client.callTool({ name: "customer_history", arguments: { customerId: "cust_001" } })).isError,
      ).toBeFalsy();
    }
    const random = createRandom(42);
    expect(failed).toEqual(Array.from({ length: 12 }, () => random() < 0.5));
    expect(failed).toContain(true);
    expect(failed).toContain(false);
    const log = readCallLog(dir, "crm").filter((e) => e.tool === "find_customer");
    expect(log.map((e) => e.outcome === "fault")).toEqual(failed);
    expect(log.filter((e) => e.outcome === "fault").every((e) => e.detail === "tool_error" && !e.executed)).toBe(true);
  });

  it("throws a JSON-RPC error for DEMO_FAILURE_KIND=protocol_error", async () => {
    const dir = stateDir();
    const orders = await start("orders", dir, { DEMO_FAILURE_RATE: "1", DEMO_FAILURE_KIND: "protocol_error" });
    const err = await rejection(orders.client.callTool({ name: "get_order", arguments: { orderId: "ORD-1001" } }));
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(ErrorCode.InternalError);
    expect(readCallLog(dir, "orders")).toMatchObject([{ tool: "get_order", outcome: "fault", detail: "protocol_error" }]);
  });

  it("exits mid-call for DEMO_FAILURE_KIND=crash: the client sees the connection close", async () => {
    const dir = stateDir();
    const crm = await start("crm", dir, { DEMO_FAILURE_RATE: "1", DEMO_FAILURE_KIND: "crash" });
    await rejection(crm.client.callTool(ada));
    await crm.closed;
    expect(readCallLog(dir, "crm")).toMatchObject([
      { tool: "find_customer", outcome: "fault", detail: "crash: the process exits" },
    ]);
  });

  it("answers DEMO_EXIT_AFTER calls, then exits during the next one", async () => {
    const dir = stateDir();
    const crm = await start("crm", dir, { DEMO_EXIT_AFTER: "2" });
    expect(structured(await crm.client.callTool(ada))).toMatchObject({ id: "cust_001" });
    expect(structured(await crm.client.callTool(ada))).toMatchObject({ id: "cust_001" });
    const err = await rejection(crm.client.callTool(ada));
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(ErrorCode.ConnectionClosed);
    await crm.closed;
    expect(readCallLog(dir, "crm").map((e) => e.outcome)).toEqual(["ok", "ok", "fault"]);
  });

  it("hangs with DEMO_HANG until the call is cancelled, then serves other calls", async () => {
    const dir = stateDir();
    const orders = await start("orders", dir, { DEMO_HANG: "1", DEMO_FAULT_TOOLS: "get_order" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("took too long")), 300);
    const started = Date.now();
    await rejection(
      orders.client.callTool({ name: "get_order", arguments: { orderId: "ORD-1001" } }, undefined, { signal: controller.signal }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    // The server saw the cancellation: the hung call's row is completed.
    const row = await eventually(() => readCallLog(dir, "orders").find((e) => e.finishedAt !== null));
    expect(row).toMatchObject({ tool: "get_order", outcome: "fault", detail: "hang: cancelled by the client", executed: false });
    const list = await orders.client.callTool({ name: "list_orders", arguments: { customerId: "cust_001" } });
    expect(structured(list)).toMatchObject({ customerId: "cust_001" });
  });

  it("re-reads DEMO_FAULTS_FILE on every call", async () => {
    const dir = stateDir();
    const file = path.join(dir, "faults.json");
    const crm = await start("crm", dir, { DEMO_FAULTS_FILE: file }); // no file yet: no faults
    expect((await crm.client.callTool(ada)).isError).toBeFalsy();
    writeFileSync(file, JSON.stringify({ DEMO_FAILURE_RATE: 1 }));
    const broken = await crm.client.callTool(ada);
    expect(broken.isError).toBe(true);
    expect(textOf(broken)).toContain("temporarily unavailable");
    writeFileSync(file, "{}");
    expect((await crm.client.callTool(ada)).isError).toBeFalsy();
    expect(readCallLog(dir, "crm").map((e) => e.outcome)).toEqual(["ok", "fault", "ok"]);
  });

  it("reports injected latency as progress on search_procedures", async () => {
    const dir = stateDir();
    const docs = await start("docs", dir, { DEMO_LATENCY_MS: "300" });
    const progress: number[] = [];
    const started = Date.now();
    const result = await docs.client.callTool({ name: "search_procedures", arguments: { query: "charged twice" } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    // Five steps are reported, in order. The SDK client handles notifications a microtask later than responses, so the
    // last one, sent right before the result, is sometimes dropped by the client: 4 or 5 of them arrive.
    expect([
      [1, 2, 3, 4],
      [1, 2, 3, 4, 5],
    ]).toContainEqual(progress);
    expect(structured(result)).toMatchObject({ results: [{ id: "double-charge" }], fallback: false });
  });

  it("with DEMO_FAULT_PHASE=after, a crash after the refund committed is retried safely with the same key", async () => {
    const dir = stateDir();
    const call = {
      name: "issue_refund",
      arguments: { orderId: "ORD-1001", amount: 89.9, reason: "broken" },
      _meta: { [IDEMPOTENCY_KEY_META]: "run-7/refund" },
    };
    const flaky = await start("orders", dir, { DEMO_FAILURE_RATE: "1", DEMO_FAILURE_KIND: "crash", DEMO_FAULT_PHASE: "after" });
    await rejection(flaky.client.callTool(call));
    await flaky.closed;

    const healthy = await start("orders", dir);
    const retry = await healthy.client.callTool(call);
    expect(structured(retry)).toMatchObject({ refundId: "RF-1001", amount: 89.9 });
    expect(retry._meta?.[REPLAYED_META]).toBe(true);
    const log = readCallLog(dir, "orders");
    expect(log.map((e) => [e.outcome, e.executed, e.replayed, e.detail])).toEqual([
      ["fault", true, false, "crash after the tool ran: the process exits"],
      ["ok", true, true, null],
    ]);
    expect(log.filter((e) => e.executed && !e.replayed)).toHaveLength(1); // refunded exactly once
  });
});
