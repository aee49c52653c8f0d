import { expect, test, type APIRequestContext } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// An operator opens Insights after a bad afternoon: an MCP server that fails every call, a workflow step that keeps
// failing on it, and an approval nobody made within its SLA. The dashboard shows the failing step and server, with
// charts; the alert for the run stuck on a person is checked by e2e/stuck.spec.ts, once the SLA is past (the journeys
// between them run meanwhile instead of waiting a minute).
test.describe.configure({ mode: "serial" });

async function trpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  expect(res.ok(), `${procedure}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function publish(request: APIRequestContext, definition: { name: string }): Promise<string> {
  const { id } = await trpc<{ id: string }>(request, "workflows.create", { name: definition.name });
  await trpc(request, "workflows.updateDraft", { id, definition });
  await trpc(request, "workflows.publish", { id });
  return id;
}

async function startRun(request: APIRequestContext, workflowId: string): Promise<string> {
  const res = await request.post(`/api/workflows/${workflowId}/runs`, { data: {} });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { runId: string }).runId;
}

const flakyCheck = {
  schemaVersion: 1,
  name: "Nightly order check",
  input: { type: "object", properties: {} },
  startAt: "check_order",
  states: {
    check_order: {
      type: "tool",
      title: "Check the order",
      server: "flaky-orders",
      tool: "get_order",
      input: { orderId: "ORD-1001" },
      retry: { maxAttempts: 2, initialDelayMs: 10, backoffRate: 1, maxDelayMs: 10, jitter: "none" },
      next: "done",
    },
    done: { type: "succeed", title: "Done" },
  },
  layout: { check_order: { x: 0, y: 0 }, done: { x: 0, y: 150 } },
};

const approval = {
  schemaVersion: 1,
  name: "Refund approval",
  input: { type: "object", properties: {} },
  startAt: "approve",
  states: {
    approve: {
      type: "human",
      title: "Approve the refund",
      message: "Please approve within a minute.",
      options: [{ id: "yes", label: "Approve", next: "done" }],
      slaMinutes: 1,
    },
    done: { type: "succeed", title: "Done" },
  },
  layout: { approve: { x: 0, y: 0 }, done: { x: 0, y: 150 } },
};

test("the dashboard shows the failing step and the failing server, with charts", async ({ page, request }) => {
  const { id: serverId } = await trpc<{ id: string }>(request, "servers.create", {
    name: "flaky-orders",
    title: "Orders (failing)",
    config: {
      transport: "stdio",
      command: process.execPath,
      args: ["--import", "tsx", "examples/mcp-servers/orders.ts"],
      env: { DEMO_FAILURE_RATE: "1", DEMO_STATE_DIR: mkdtempSync(path.join(tmpdir(), "flaky-orders-")) },
      cwd: process.cwd(),
    },
  });
  await trpc(request, "servers.check", { id: serverId });
  // Its error results count for its breaker too (by default only unavailability does), over the last 4 calls.
  await trpc(request, "servers.setBreaker", {
    server: "flaky-orders",
    settings: { failurePercent: 50, window: 4, coolDownSeconds: 60, alsoCount: ["tool_error"] },
  });
  const checkId = await publish(request, flakyCheck);
  // Nobody approves it: e2e/stuck.spec.ts, last on this installation, finds it stuck once its one-minute SLA is past.
  await startRun(request, await publish(request, approval));
  for (let i = 0; i < 3; i++) await startRun(request, checkId);

  await page.goto("/insights?period=1h");
  await expect(page.getByRole("heading", { name: "Insights" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" })).toBeVisible();
  const steps = page.getByRole("table", { name: "Steps" });
  // Two attempts per run, all failed: the step is listed first, with its error.
  // Steps are named by their titles, as on the canvas.
  const failing = steps.getByRole("row").filter({ hasText: "Check the order" }).filter({ hasText: "Nightly order check" });
  await expect(failing).toContainText("6", { timeout: 30_000 });
  await expect(failing).toContainText("0%");
  await expect(failing).toContainText("tool_error: get_order is temporarily unavailable");
  const servers = page.getByRole("table", { name: "MCP servers" });
  const flaky = servers.getByRole("row").filter({ hasText: "flaky-orders" });
  await expect(flaky).toContainText("100%");
  await expect(servers.getByRole("row").nth(1)).toContainText("flaky-orders"); // the failing server first
  await expect(
    page.getByRole("figure", { name: "Runs started over the period" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Failed attempts per step" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Latency per MCP server" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screens/60-insights.png", fullPage: true });
});

test("an operator's monitoring reads /api/metrics, /api/health and /api/ready", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(((await ready.json()) as { checks: { name: string; ok: boolean }[] }).checks).toEqual([
    expect.objectContaining({ name: "database", ok: true }),
    expect.objectContaining({ name: "migrations", ok: true }),
    expect.objectContaining({ name: "executor", ok: true }),
  ]);
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  const text = await metrics.text();
  // The runs of this journey went through the app's engine: its counters and the database's gauges are there.
  // Six attempts were asked for; once four failed, the breaker opened and refused the rest, so 4 to 6 were made
  // (how many depends on how many were already under way when it opened).
  expect(text).toMatch(/^switchyard_mcp_call_errors_total\{server="flaky-orders",tool="get_order",kind="tool_error"\} [4-6]$/m);
  expect(text).toMatch(/^switchyard_breaker_state\{server="flaky-orders"\} 2$/m);
  expect(text).toMatch(/^switchyard_transitions_total\{/m);
});
