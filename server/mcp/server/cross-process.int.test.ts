/**
 * /mcp behind a balancer without sticky routing: the SDK's own client opens a session on one process (this test's
 * process, serving the app's /mcp endpoint) and continues it on another (a real `npm run worker` child process with
 * SWITCHYARD_MCP_PORT) sharing the same SQLite database and secret key. The client's fetch sends each request to the
 * next process in turn, as a round-robin balancer would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, ElicitRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CreateTaskResultSchema } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { setUpMcpTest, type McpTestEnv } from "../../test/mcp-server-setup";
import { POSTGRES_URL } from "../../test/databases";
import { workerArgs } from "../../test/worker-bundle";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// SQLite always; PostgreSQL (the shared database of real multi-worker deployments) when TEST_POSTGRES_URL is set.
const PROVIDERS = ["sqlite" as const, ...(POSTGRES_URL ? ["postgresql" as const] : [])];

describe.each(PROVIDERS)("%s", (provider) => {
  let env: McpTestEnv;
  let worker: ChildProcess;
  let workerUrl = "";
  let dataDir = "";

  beforeAll(async () => {
    env = await setUpMcpTest(provider);
    dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-mcp-worker-"));
    const port = await freePort();
    worker = spawn(process.execPath, workerArgs(), {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: env.t.url,
        SWITCHYARD_SECRET_KEY: env.secretKey,
        SWITCHYARD_AUTH: "accounts",
        SWITCHYARD_MCP_PORT: String(port),
        SWITCHYARD_POLL_MS: "50",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    // The worker prints "MCP endpoint: <url>" once /mcp listens: wait for that line, not for a fixed time.
    workerUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      worker.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const url = /MCP endpoint: (\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
      worker.once("exit", (code) => reject(new Error(`the worker exited (${code}) before serving /mcp:\n${out}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
    }
    await env?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  interface Hop {
    to: "app" | "worker";
    /** The JSON-RPC method POSTed, "answer" for a response to the server's request, or the HTTP method. */
    what: string;
  }

  /** A round-robin balancer as the client's fetch: each request goes to the next process. */
  function balancer(hops: Hop[]): FetchLike {
    const targets = [
      { to: "app" as const, url: env.server.url },
      { to: "worker" as const, url: workerUrl },
    ];
    let next = 0;
    return (_url, init) => {
      const target = targets[next++ % targets.length]!;
      let what = init?.method ?? "GET";
      if (typeof init?.body === "string") {
        const message = JSON.parse(init.body) as { method?: string };
        what = message.method ?? "answer";
      }
      hops.push({ to: target.to, what });
      return fetch(target.url, init);
    };
  }

  async function connect(hops: Hop[], withElicitation = false): Promise<Client> {
    const client = new Client(
      { name: "balanced-agent", version: "2.0.0" },
      { capabilities: withElicitation ? { elicitation: { form: {} } } : {} },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(env.server.url), {
        requestInit: { headers: { Authorization: `Bearer ${env.adminToken}` } },
        fetch: balancer(hops),
      }),
    );
    return client;
  }

  describe(`/mcp across processes (no sticky routing)`, () => {
    it("continues a session opened on the app on a worker: tools, a quick call, a task polled and cancelled", async () => {
      const hops: Hop[] = [];
      const client = await connect(hops);
      expect(hops[0]).toEqual({ to: "app", what: "initialize" });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("greet_customer");
      const quick = (await client.callTool({ name: "greet_customer", arguments: { name: "Lin" } })) as CallToolResult;
      expect(quick.structuredContent).toEqual({ greeting: "Hello Lin" });
      const { task } = await client.request(
        { method: "tools/call", params: { name: "approve_refund", arguments: { amount: 40 }, task: { ttl: 60_000 } } },
        CreateTaskResultSchema,
      );
      const deadline = Date.now() + 60_000;
      while ((await client.experimental.tasks.getTask(task.taskId)).status !== "input_required") {
        if (Date.now() > deadline) throw new Error("the task never needed input");
        await new Promise((r) => setTimeout(r, 100));
      }
      // Two more polls: consecutive requests go to different processes, and both know the task.
      expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("input_required");
      expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe("input_required");
      const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
      expect(cancelled.status).toBe("cancelled");
      expect((await env.t.db.run.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe("cancelled");
      // The run page names the client from the session, whichever process started the run.
      expect(await env.t.db.mcpRunRequest.findUniqueOrThrow({ where: { runId: task.taskId } })).toMatchObject({
        clientName: "balanced-agent",
        clientVersion: "2.0.0",
      });
      const served = (what: string) => new Set(hops.filter((h) => h.what === what).map((h) => h.to));
      expect(served("tasks/get")).toEqual(new Set(["app", "worker"]));
      expect([...served("tools/list"), ...served("tools/call"), ...served("tasks/cancel")]).toContain("worker");
      await client.close();
    });

    it("takes the caller's answer to a task's question on another process than the one that asked", async () => {
      const hops: Hop[] = [];
      const client = await connect(hops, true);
      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        asked.push(request.params.message);
        return { action: "accept", content: { choice: "yes", note: "approved from afar" } };
      });
      let result: CallToolResult | undefined;
      for await (const message of client.experimental.tasks.callToolStream(
        { name: "confirm_with_caller", arguments: { amount: 41 } },
        CallToolResultSchema,
        { task: { ttl: 60_000 }, timeout: 90_000 },
      )) {
        if (message.type === "error") throw message.error;
        if (message.type === "result") result = message.result;
      }
      expect(asked).toEqual(["Approve the refund?"]);
      expect(result?.structuredContent).toEqual({ approved: true });
      const asking = hops.findLast((h) => h.what === "tasks/result");
      const answering = hops.find((h) => h.what === "answer");
      expect(asking && answering && asking.to !== answering.to).toBe(true);
      await client.close();
    });
  });
});
