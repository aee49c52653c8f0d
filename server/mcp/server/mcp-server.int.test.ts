/**
 * Switchyard as an MCP server, through the SDK's own client over real HTTP (the endpoint `npm run worker` serves, on
 * a real port) against a real SQLite database in accounts mode with API tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CallToolResultSchema,
  ElicitRequestSchema,
  RELATED_TASK_META_KEY,
  type CallToolResult,
  type ClientCapabilities,
  type GetTaskResult,
} from "@modelcontextprotocol/sdk/types.js";
import { CreateTaskResultSchema } from "@modelcontextprotocol/sdk/experimental/tasks";
import { setUpMcpTest, type McpTestEnv } from "../../test/mcp-server-setup";
import { resolveEscalation } from "../../services/inbox/escalations";
import { getRun } from "../../services/runs/run-views";
import { createAppContext } from "../../context";
import { RUN_META_KEY } from "./results";
import { IDEMPOTENCY_META_KEY } from "./server";

let env: McpTestEnv;
const clients: Client[] = [];
beforeAll(async () => {
  env = await setUpMcpTest();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await env?.dispose();
});

/** The SDK's own client over Streamable HTTP, with an API token as the bearer token. */
async function connect(token: string, opts: { name?: string; capabilities?: ClientCapabilities } = {}): Promise<Client> {
  const client = new Client({ name: opts.name ?? "vitest-agent", version: "1.2.3" }, { capabilities: opts.capabilities ?? {} });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(env.server.url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

type RunMeta = { runId: string; version: number; status: string; url: string };
const runOf = (result: CallToolResult) => result._meta?.[RUN_META_KEY] as RunMeta;
const text = (result: CallToolResult) => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

/** Polls the task as a client does, until it has the status (tasks/get is the protocol's way to follow a task). */
async function untilStatus(client: Client, taskId: string, status: GetTaskResult["status"]): Promise<GetTaskResult> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const task = await client.experimental.tasks.getTask(taskId);
    if (task.status === status) return task;
    if (Date.now() > deadline) throw new Error(`Task ${taskId} is ${task.status}, never ${status}`);
    await new Promise((resolve) => setTimeout(resolve, task.pollInterval ? Math.min(task.pollInterval, 100) : 100));
  }
}

/** Waits for a condition the test cannot await otherwise (checked every 20 ms, at most 20 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const startTask = (client: Client, name: string, args: Record<string, unknown>) =>
  client.request({ method: "tools/call", params: { name, arguments: args, task: { ttl: 60_000 } } }, CreateTaskResultSchema);

describe("/mcp: workflows as tools", () => {
  it("lists offered workflows with their schemas and annotations, and the operator tools; not the others", async () => {
    const client = await connect(env.adminToken);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["greet_customer", "approve_refund", "confirm_with_caller"]));
    expect(names).not.toContain("internal_only");
    expect(names).toEqual(
      expect.arrayContaining([
        "switchyard_list_workflows",
        "switchyard_start_run",
        "switchyard_get_run",
        "switchyard_list_escalations",
        "switchyard_resolve_escalation",
        "switchyard_emit_event",
      ]),
    );
    const greet = tools.find((t) => t.name === "greet_customer")!;
    expect(greet).toMatchObject({
      title: "Greet customer",
      description: "Greets a customer by name.",
      inputSchema: { type: "object", required: ["name"] },
      outputSchema: { type: "object", required: ["greeting"] },
      // No tool calls: it changes nothing outside, yet starts a run, so it is not read-only.
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
      execution: { taskSupport: "optional" },
    });
    expect(client.getServerVersion()).toMatchObject({ name: "switchyard" });
  });

  it("answers a quick workflow in the call with its version; the run page names the client", async () => {
    const client = await connect(env.runnerToken, { name: "claude-test" });
    await client.listTools();
    const progress: string[] = [];
    const result = (await client.callTool({ name: "greet_customer", arguments: { name: "Ada" } }, CallToolResultSchema, {
      onprogress: (p) => progress.push(p.message ?? ""),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ greeting: "Hello Ada" });
    const run = runOf(result);
    expect(run).toMatchObject({ version: 1, status: "succeeded" });
    const view = await getRun(env.t.db, run.runId);
    expect(view.mcp).toMatchObject({ clientName: "claude-test", clientVersion: "1.2.3", caller: "designer person" });
    expect(view.status).toBe("succeeded");
  });

  it("sends a progress notification per step while the call waits for its run", async () => {
    const client = await connect(env.adminToken);
    const progress: { progress: number; message?: string | undefined }[] = [];
    const result = (await client.callTool({ name: "slow_greeting", arguments: {} }, CallToolResultSchema, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(result.structuredContent).toEqual({ greeting: "Hello, eventually" });
    // The wait step, then the end (the SDK may drop a notification that races the response, so at least the first).
    expect(progress[0]?.progress).toBe(1);
    expect(progress[0]?.message).toMatch(/pause/);
  });

  it("refuses bad input in the result, naming the field, and starts nothing", async () => {
    const client = await connect(env.adminToken);
    const before = await env.t.db.run.count();
    const result = (await client.callTool({ name: "greet_customer", arguments: { nome: "Ada" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/input has 1 problem/);
    expect(await env.t.db.run.count()).toBe(before);
  });

  it("returns the same run for a repeated idempotency key, and a new one for another key", async () => {
    const client = await connect(env.adminToken);
    const call = (key: string) =>
      client.callTool({
        name: "greet_customer",
        arguments: { name: "Bo" },
        _meta: { [IDEMPOTENCY_META_KEY]: key },
      }) as Promise<CallToolResult>;
    const first = runOf(await call("order-77"));
    const again = runOf(await call("order-77"));
    const other = runOf(await call("order-78"));
    expect(again.runId).toBe(first.runId);
    expect(other.runId).not.toBe(first.runId);
    expect(await env.t.db.mcpRunRequest.count({ where: { runId: { in: [first.runId, other.runId] } } })).toBe(2);
    // Concurrent calls with one key start one run too.
    const racing = await Promise.all([call("order-79"), call("order-79"), call("order-79")]);
    expect(racing.filter((r) => r.isError).map(text)).toEqual([]);
    expect(new Set(racing.map((r) => runOf(r).runId)).size).toBe(1);
  });

  it("answers a run that waits for a person as a task: input_required, resolved in the inbox, then completed", async () => {
    const client = await connect(env.adminToken);
    const { task } = await startTask(client, "approve_refund", { amount: 25 });
    const waiting = await untilStatus(client, task.taskId, "input_required");
    expect(waiting.statusMessage).toMatch(/Approve the refund\?/);
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: task.taskId, status: "open" } });
    const ctx = createAppContext();
    await resolveEscalation(env.t.db, ctx.control(), {
      id: escalation.id,
      by: "Inbox person",
      resolution: { action: "option", optionId: "yes" },
    });
    const done = await untilStatus(client, task.taskId, "completed");
    expect(done.taskId).toBe(task.taskId);
    const result = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(result.structuredContent).toEqual({ approved: true });
    expect(runOf(result)).toMatchObject({ runId: task.taskId, status: "succeeded", version: 1 });
  });

  it("cancels the run when the task is cancelled", async () => {
    const client = await connect(env.adminToken);
    const { task } = await startTask(client, "approve_refund", { amount: 5000 });
    await untilStatus(client, task.taskId, "input_required");
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled.status).toBe("cancelled");
    const run = await env.t.db.run.findUniqueOrThrow({ where: { id: task.taskId } });
    expect(run.status).toBe("cancelled");
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.find((t) => t.taskId === task.taskId)?.status).toBe("cancelled");
  });

  it("asks the caller through elicitation when the human step is routed to the caller", async () => {
    const client = await connect(env.adminToken, { capabilities: { elicitation: { form: {} } } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { choice: "yes", note: "fine by me" } };
    });
    const result = (await client.callTool({ name: "confirm_with_caller", arguments: { amount: 10 } })) as CallToolResult;
    expect(asked).toEqual(["Approve the refund?"]);
    expect(result.structuredContent).toEqual({ approved: true });
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: runOf(result).runId } });
    expect(escalation).toMatchObject({ status: "resolved", resolvedBy: "admin person" });
  });
});

/** Calls a tool as a task the way the SDK's client does (tasks/get, then tasks/result once input is required). */
async function callAsTask(client: Client, name: string, args: Record<string, unknown>) {
  const seen: string[] = [];
  let result: CallToolResult | undefined;
  let taskId = "";
  for await (const message of client.experimental.tasks.callToolStream({ name, arguments: args }, CallToolResultSchema, {
    task: { ttl: 60_000 },
  })) {
    if (message.type === "taskCreated") taskId = message.task.taskId;
    if (message.type === "taskStatus") seen.push(message.task.status);
    if (message.type === "result") result = message.result;
    if (message.type === "error") throw message.error;
  }
  return { taskId, seen, result: result! };
}

describe("/mcp: a task's question for its caller", () => {
  it("asks the caller of a task through elicitation on tasks/result; the answer resumes the run and the task completes", async () => {
    const client = await connect(env.adminToken, { capabilities: { elicitation: { form: {} } } });
    const asked: { message: string; relatedTask: unknown }[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push({ message: request.params.message, relatedTask: request.params._meta?.[RELATED_TASK_META_KEY] });
      return { action: "accept", content: { choice: "yes" } };
    });
    const { taskId, seen, result } = await callAsTask(client, "confirm_with_caller", { amount: 12 });
    expect(seen).toContain("input_required");
    expect(asked).toEqual([{ message: "Approve the refund?", relatedTask: { taskId } }]);
    expect(result.structuredContent).toEqual({ approved: true });
    expect(result._meta?.[RELATED_TASK_META_KEY]).toEqual({ taskId });
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: taskId } });
    expect(escalation).toMatchObject({ status: "resolved", resolvedBy: "admin person" });
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe("completed");
  });

  it("leaves the question in the inbox when the caller did not declare elicitation; the inbox answer completes the task", async () => {
    const client = await connect(env.adminToken);
    const requests: string[] = [];
    client.fallbackRequestHandler = (request) => {
      requests.push(request.method);
      return Promise.resolve({});
    };
    const { task } = await startTask(client, "confirm_with_caller", { amount: 13 });
    await untilStatus(client, task.taskId, "input_required");
    // tasks/result waits for the run; a person answers in the inbox meanwhile.
    const waiting = client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: task.taskId, status: "open" } });
    await resolveEscalation(env.t.db, createAppContext().control(), {
      id: escalation.id,
      by: "Inbox person",
      resolution: { action: "option", optionId: "no" },
    });
    const result = await waiting;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/rejected/);
    expect(requests).toEqual([]);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("failed");
  });

  it("never asks another caller a task's question, and ignores that caller's forged answer", async () => {
    const owner = await connect(env.adminToken);
    const { task } = await startTask(owner, "confirm_with_caller", { amount: 16 });
    await untilStatus(owner, task.taskId, "input_required");
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: task.taskId, status: "open" } });
    const other = await connect(env.runnerToken, { capabilities: { elicitation: { form: {} } } });
    const asked: string[] = [];
    other.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { choice: "yes" } };
    });
    // The other caller follows the task and answers with the question's id as if it had been asked.
    const stop = new AbortController();
    const following = other.experimental.tasks
      .getTaskResult(task.taskId, CallToolResultSchema, { signal: stop.signal })
      .catch(() => null);
    const transport = (other as unknown as { transport: StreamableHTTPClientTransport }).transport;
    await transport.send({
      jsonrpc: "2.0",
      id: `switchyard-question:${task.taskId}:${escalation.id}`,
      result: { action: "accept", content: { choice: "yes" } },
    });
    expect((await other.experimental.tasks.getTask(task.taskId)).status).toBe("input_required");
    expect((await env.t.db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).status).toBe("open");
    expect(asked).toEqual([]);
    stop.abort();
    await following;
    await owner.experimental.tasks.cancelTask(task.taskId);
  });

  it("stops following the run when the client cancels its tasks/result; the task itself goes on", async () => {
    const client = await connect(env.adminToken);
    const { task } = await startTask(client, "approve_refund", { amount: 15 });
    await untilStatus(client, task.taskId, "input_required");
    const stop = new AbortController();
    const waiting = client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema, { signal: stop.signal });
    await until(() => env.server.inFlight() > 0);
    stop.abort("the user went away");
    await expect(waiting).rejects.toThrow();
    // The server's request (a run follower polling the database) ends, not only the client's wait.
    await until(() => env.server.inFlight() === 0);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("input_required");
    await client.experimental.tasks.cancelTask(task.taskId);
  });

  it("ignores an answer to a question its run no longer asks (a forged or stale id changes nothing)", async () => {
    const client = await connect(env.adminToken);
    const { task } = await startTask(client, "approve_refund", { amount: 14 });
    await untilStatus(client, task.taskId, "input_required");
    const escalation = await env.t.db.escalation.findFirstOrThrow({ where: { runId: task.taskId, status: "open" } });
    // approve_refund's step asks the inbox, not the caller: an answer shaped like the caller's must not resolve it.
    const transport = (client as unknown as { transport: StreamableHTTPClientTransport }).transport;
    await transport.send({
      jsonrpc: "2.0",
      id: `switchyard-question:${task.taskId}:${escalation.id}`,
      result: { action: "accept", content: { choice: "yes" } },
    });
    expect((await env.t.db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).status).toBe("open");
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("input_required");
    await client.experimental.tasks.cancelTask(task.taskId);
  });
});

describe("/mcp: access", () => {
  it("refuses a viewer token to start runs (no workflow tools listed; a call says which role it needs)", async () => {
    const client = await connect(env.viewerToken);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("greet_customer");
    expect(tools.map((t) => t.name)).toContain("switchyard_get_run");
    expect(tools.map((t) => t.name)).not.toContain("switchyard_start_run");
    const before = await env.t.db.run.count();
    const result = (await client.callTool({ name: "greet_customer", arguments: { name: "Eve" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/A viewer may not do this \(needs runner\)/);
    const viaOperator = (await client.callTool({
      name: "switchyard_start_run",
      arguments: { workflowId: env.workflows.quick, input: { name: "Eve" } },
    })) as CallToolResult;
    expect(viaOperator.isError).toBe(true);
    expect(text(viaOperator)).toMatch(/viewer may not/);
    expect(await env.t.db.run.count()).toBe(before);
  });

  it("operator tools act with the caller's role: list escalations, get a run, resolve, emit an event", async () => {
    const client = await connect(env.adminToken);
    const { task } = await startTask(client, "approve_refund", { amount: 1 });
    await untilStatus(client, task.taskId, "input_required");
    const open = (await client.callTool({ name: "switchyard_list_escalations", arguments: {} })) as CallToolResult;
    const items = (open.structuredContent as { result: { items: { id: string; runId: string }[] } }).result.items;
    const mine = items.find((e) => e.runId === task.taskId)!;
    expect(mine).toBeDefined();
    const resolved = (await client.callTool({
      name: "switchyard_resolve_escalation",
      arguments: { id: mine.id, resolution: { action: "option", optionId: "no" } },
    })) as CallToolResult;
    expect(resolved.isError).toBeFalsy();
    await untilStatus(client, task.taskId, "failed");
    const run = (await client.callTool({ name: "switchyard_get_run", arguments: { id: task.taskId } })) as CallToolResult;
    expect((run.structuredContent as { result: { status: string } }).result.status).toBe("failed");
    const event = (await client.callTool({
      name: "switchyard_emit_event",
      arguments: { type: "order.paid", key: "ORD-1", payload: { total: 3 } },
    })) as CallToolResult;
    expect(event.isError).toBeFalsy();
    expect(await env.t.db.event.count({ where: { type: "order.paid" } })).toBe(1);
  });

  it("answers 401 with the protected-resource metadata without a token, and serves that metadata", async () => {
    const res = await fetch(env.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }),
    });
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate") ?? "";
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toMatch(/\/\.well-known\/oauth-protected-resource\/mcp$/);
    const metadata = (await (await fetch(metadataUrl!)).json()) as { resource: string; bearer_methods_supported: string[] };
    expect(metadata).toMatchObject({ resource: env.server.url, bearer_methods_supported: ["header"] });
  });
});
