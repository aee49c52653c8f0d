/**
 * Traces of real runs exported with OTLP/HTTP (JSON) to a real local receiver: a run span, a span per step under it,
 * and a child span per MCP call under its step, failed calls marked as errors.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../test/demo-setup";
import { startRun } from "../services/runs/runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { getTracing, resetTracing, shutdownTracing } from "./tracing";
import { resetEnv } from "../env";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }[];
  status?: { code?: number; message?: string };
}

const definition = {
  schemaVersion: 1,
  name: "Traced",
  input: { type: "object", properties: {} },
  startAt: "customer",
  states: {
    customer: { type: "tool", server: "crm", tool: "find_customer", input: { email: "ada.lovelace@example.com" }, next: "check" },
    check: {
      type: "tool",
      server: "orders",
      tool: "get_order",
      input: { orderId: "ORD-1001" },
      retry: { maxAttempts: 10, initialDelayMs: 10, backoffRate: 1, maxDelayMs: 10, jitter: "none" },
      next: "done",
    },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

const spans: OtlpSpan[] = [];
const contentTypes: string[] = [];
let receiver: Server;
let world: DemoWorld;

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue ?? v?.boolValue;
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        contentTypes.push(req.headers["content-type"] ?? "");
        const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  resetEnv();
  await resetTracing();
  world = await demoWorld("sqlite", {
    definition,
    servers: ["crm", "orders"],
    faults: { orders: { DEMO_FAILURE_RATE: "0.5", DEMO_SEED: "7" } },
  });
});

afterAll(async () => {
  await world.dispose();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  resetEnv();
  await resetTracing();
  await new Promise((r) => receiver.close(r));
});

describe("tracing", () => {
  it("exports a run span, step spans and MCP call spans over OTLP/HTTP JSON", async () => {
    expect(getTracing()).not.toBeNull();
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} });
    await settle(world, runId, 90_000, (s) => s === "succeeded");
    await world.engine.idle(); // the run's span ends after its last commit
    await shutdownTracing(); // flushes the batch
    expect(contentTypes[0]).toMatch(/^application\/json/);

    const mine = spans.filter((s) => attr(s, "switchyard.run.id") === runId);
    const run = mine.find((s) => s.name === "run Traced")!;
    expect(run).toBeDefined();
    expect(run.parentSpanId ?? "").toBe("");
    expect(attr(run, "switchyard.workflow.id")).toBe(world.workflowId);
    expect(attr(run, "switchyard.run.status")).toBe("succeeded");
    expect(mine.every((s) => s.traceId === run.traceId)).toBe(true);

    const steps = mine.filter((s) => s.name.startsWith("step "));
    expect(steps.map((s) => s.name).sort()).toEqual(["step check", "step customer"]); // "done" ends the run at once
    for (const s of steps) expect(s.parentSpanId).toBe(run.spanId);

    const calls = mine.filter((s) => s.name.startsWith("mcp "));
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId } });
    expect(calls).toHaveLength(attempts.length);
    const customer = steps.find((s) => s.name === "step customer")!;
    const check = steps.find((s) => s.name === "step check")!;
    expect(calls.find((c) => c.name === "mcp crm/find_customer")?.parentSpanId).toBe(customer.spanId);
    const checkCalls = calls.filter((c) => c.name === "mcp orders/get_order");
    expect(checkCalls.every((c) => c.parentSpanId === check.spanId)).toBe(true);
    expect(checkCalls.every((c) => c.kind === 3)).toBe(true); // SPAN_KIND_CLIENT
    const failed = attempts.filter((a) => a.status === "failed").length;
    expect(failed).toBeGreaterThan(0);
    expect(checkCalls.filter((c) => c.status?.code === 2)).toHaveLength(failed); // STATUS_CODE_ERROR
    // Each call lies within its step, each step within the run.
    for (const c of checkCalls) expect(BigInt(c.startTimeUnixNano) >= BigInt(check.startTimeUnixNano)).toBe(true);
    expect(BigInt(check.endTimeUnixNano) <= BigInt(run.endTimeUnixNano)).toBe(true);
  });
});
