/**
 * "Notify a person" (issue 23) against a real local HTTP receiver, a real SQLite file and real engines: the message is
 * templated from the run's data and posted once with the call's idempotency key; a retry after a 503 re-sends the same
 * key; the webhook URL (a secret) appears in no stored error; a worker killed while the receiver holds the request does
 * not send it again after the restart (the run goes to a person, outcome unknown); "Run this step" sends it too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { until } from "../../test/until";
import { workerArgs } from "../../test/worker-bundle";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "../servers/mcp-pool";
import { createEngine } from "../host/engine-host";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { startTestRun } from "../workflows/test-runs";
import { runStep } from "../step-runs/run-step";
import { stepTestTools } from "../step-runs/step-test-tools";
import { chatWebhookStatus, setChatWebhook } from "./notify-settings";
import { BUILTIN_SERVER, NOTIFY_TOOL } from "./builtin-tools";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { setPin } from "@/lib/workflow/pins";
import { getRun } from "../runs/run-views";

const ROOT = path.resolve(import.meta.dirname, "../../..");

interface Received {
  headers: IncomingMessage["headers"];
  body: unknown;
  path: string;
}

/** A chat webhook: records each POST; `answer` decides the status (or holds the request forever with "hold"). */
function receiver() {
  const got: Received[] = [];
  let answer: (n: number) => number | "hold" = () => 200;
  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: JSON.parse(text) as unknown, path: req.url ?? "" });
      const status = answer(got.length);
      if (status === "hold") return;
      res.writeHead(status).end("ok");
    });
  });
  return {
    got,
    answer: (f: typeof answer) => (answer = f),
    start: () => new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port))),
    stop: () => new Promise<void>((r) => server.close(() => r())).then(() => undefined),
    server,
  };
}

const notifyFlow = (retry = false): WorkflowDefinition => ({
  schemaVersion: 1,
  name: "Tell the team",
  input: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] },
  startAt: "tell",
  states: {
    tell: {
      type: "tool",
      server: BUILTIN_SERVER,
      tool: NOTIFY_TOOL,
      input: { title: "Refund", text: "Order {% $input.orderId %} needs a refund" },
      timeoutMs: 5_000,
      ...(retry ? { retry: { maxAttempts: 3, initialDelayMs: 10, jitter: "none" as const } } : {}),
      assign: { sent: "{% $result %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $sent %}" },
  },
});

let t: TestDatabase;
let key: Buffer;
let box: SecretBox;
let engine: ReturnType<typeof createEngine>;
let pool: ReturnType<typeof createMcpPool>;
const hook = receiver();
let port = 0;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  key = randomBytes(32);
  box = new SecretBox(key);
  pool = createMcpPool(t.db, box);
  engine = createEngine(t.db, pool, { url: t.url, pollMs: 50, box });
  await engine.start();
  port = await hook.start();
});
afterAll(async () => {
  await engine.stop();
  await pool.closeAll();
  hook.server.closeAllConnections();
  await hook.stop();
  await t.dispose();
});
afterEach(() => {
  hook.got.length = 0;
  hook.answer(() => 200);
});

const finished = (runId: string, status = ["succeeded", "failed", "waiting"]) =>
  until(async () => {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    return status.includes(run.status) ? run : null;
  }, `run ${runId} to settle`);

describe("Notify a person (chat webhook)", () => {
  it("posts the templated message once, with the call's idempotency key, and the status never shows the URL", async () => {
    await setChatWebhook(t.db, box, { url: `http://127.0.0.1:${port}/hooks/T000/SECRET-TOKEN` });
    expect(JSON.stringify(await chatWebhookStatus(t.db))).not.toContain("SECRET");
    const stored = await t.db.appSetting.findUniqueOrThrow({ where: { key: "notify.chatWebhookUrl" } });
    expect(stored.value).not.toContain("SECRET"); // encrypted at rest

    const { id } = await createWorkflow(t.db, { name: "Tell", definition: notifyFlow() });
    const { runId } = await startTestRun(t.db, engine, { workflowId: id, input: { orderId: "ORD-7" } });
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]?.body).toEqual({ text: "*Refund*\nOrder ORD-7 needs a refund" });
    expect(hook.got[0]?.path).toBe("/hooks/T000/SECRET-TOKEN");
    expect(hook.got[0]?.headers["idempotency-key"]).toBe(`${runId}:tell:1`);
    expect(hook.got[0]?.headers["content-type"]).toBe("application/json");
    const attempt = await t.db.stepAttempt.findFirstOrThrow({ where: { runId } });
    expect(attempt).toMatchObject({ server: "switchyard", tool: "notify", status: "succeeded" });
    expect(attempt.sentAt).not.toBeNull();
  });

  it("retries a 503 with the same key, and no stored error names the secret URL", async () => {
    await setChatWebhook(t.db, box, { url: `http://127.0.0.1:${port}/hooks/SECRET-TOKEN` });
    hook.answer((n) => (n === 1 ? 503 : 200));
    const { id } = await createWorkflow(t.db, { name: "Tell again", definition: notifyFlow(true) });
    const { runId } = await startTestRun(t.db, engine, { workflowId: id, input: { orderId: "ORD-8" } });
    expect((await finished(runId)).status).toBe("succeeded");
    expect(hook.got.map((g) => g.headers["idempotency-key"])).toEqual([`${runId}:tell:1`, `${runId}:tell:1`]);
    const attempts = await t.db.stepAttempt.findMany({ where: { runId }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => a.status)).toEqual(["failed", "succeeded"]);
    expect(JSON.stringify(attempts[0]?.error)).toContain("HTTP 503");

    // Nobody listening: the error names the reason, never the URL.
    await setChatWebhook(t.db, box, { url: "http://127.0.0.1:9/hooks/SECRET-TOKEN" });
    const { runId: down } = await startTestRun(t.db, engine, { workflowId: id, input: { orderId: "ORD-9" } });
    await finished(down, ["waiting", "failed"]);
    const rows = JSON.stringify([
      await t.db.stepAttempt.findMany({ where: { runId: down } }),
      await t.db.transition.findMany({ where: { runId: down } }),
      await t.db.escalation.findMany({ where: { runId: down } }),
    ]);
    expect(rows).toContain("could not be reached");
    expect(rows).not.toContain("SECRET");
  });

  it("refuses to publish a notify step without its message (a required input)", async () => {
    const flow = notifyFlow();
    const { id } = await createWorkflow(t.db, {
      name: "No text",
      definition: {
        ...flow,
        states: { ...flow.states, tell: { ...flow.states.tell!, input: { title: "x" } } },
      } as WorkflowDefinition,
    });
    const err = (await publishWorkflow(t.db, { id }).catch((e: unknown) => e)) as { problems?: { message: string }[] };
    expect(err.problems?.map((p) => p.message).join(" ")).toMatch(/Message|text/);
  });

  it("sends it from the designer's 'Run this step' with sample data", async () => {
    await setChatWebhook(t.db, box, { url: `http://127.0.0.1:${port}/hooks/SECRET-TOKEN` });
    const { id } = await createWorkflow(t.db, { name: "Try it", definition: notifyFlow() });
    const result = await runStep(
      t.db,
      stepTestTools(t.db, pool, box),
      { workflowId: id, stateId: "tell", state: notifyFlow().states.tell, data: { input: { orderId: "S-1" } } },
      "c1",
    );
    expect(result).toMatchObject({ ok: true, output: { delivered: true, channel: "chat", status: 200 } });
    expect(hook.got[0]?.body).toEqual({ text: "*Refund*\nOrder S-1 needs a refund" });
    expect(hook.got[0]?.headers["idempotency-key"]).toBe(`step-test:${id}:tell:c1`);
  });
});

describe("a pinned output", () => {
  it("answers in test runs instead of the tool, and a published run calls the tool", async () => {
    await setChatWebhook(t.db, box, { url: `http://127.0.0.1:${port}/hooks/SECRET-TOKEN` });
    const pinned = setPin(notifyFlow(), "tell", { output: { delivered: false, note: "{% $x %}" }, pinnedAt: "t" });
    const { id } = await createWorkflow(t.db, { name: "Pinned", definition: pinned as unknown as WorkflowDefinition });
    const { runId } = await startTestRun(t.db, engine, { workflowId: id, input: { orderId: "P-1" } });
    const run = await finished(runId);
    expect(run.status).toBe("succeeded");
    expect(hook.got).toHaveLength(0);
    const attempt = await t.db.stepAttempt.findFirstOrThrow({ where: { runId } });
    expect(attempt).toMatchObject({ server: "switchyard", tool: "pinned" });
    expect((await getRun(t.db, runId)).output).toEqual({ delivered: false, note: "{% $x %}" });

    await publishWorkflow(t.db, { id });
    const version = await t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: id, version: 1 } });
    expect(version.definition).not.toHaveProperty("pins");
    const real = await engine.startRun({ workflowId: id, versionId: version.id, input: { orderId: "P-2" } });
    expect((await finished(real)).status).toBe("succeeded");
    expect(hook.got.map((g) => g.body)).toEqual([{ text: "*Refund*\nOrder P-2 needs a refund" }]);
  });
});

describe("a worker killed while the receiver holds the notification", () => {
  let worker: ChildProcess | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), "notify-crash-"));
  const spawnWorker = () =>
    spawn(process.execPath, workerArgs(), {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        SWITCHYARD_SECRET_KEY: key.toString("base64"),
        SWITCHYARD_POLL_MS: "50",
        SWITCHYARD_LEASE_MS: "1500",
        DATA_DIR: dataDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
  const kill = async (signal: NodeJS.Signals) => {
    const w = worker;
    worker = null;
    if (!w || w.exitCode !== null) return;
    const exited = new Promise((r) => w.once("exit", r));
    w.kill(signal);
    await exited;
  };
  afterAll(async () => {
    await kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("does not send it again: the run goes to a person with outcome unknown", async () => {
    await engine.stop(); // the workers own the runs from here
    await setChatWebhook(t.db, box, { url: `http://127.0.0.1:${port}/hooks/SECRET-TOKEN` });
    hook.answer(() => "hold");
    const { id } = await createWorkflow(t.db, { name: "Crash", definition: notifyFlow(true) });
    await publishWorkflow(t.db, { id });
    const version = await t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: id, version: 1 } });
    const runId = await engine.enqueueRun({ workflowId: id, versionId: version.id, input: { orderId: "ORD-X" } });

    worker = spawnWorker();
    await until(() => hook.got.length === 1, "the notification to reach the receiver", 60_000);
    await kill("SIGKILL");
    hook.answer(() => 200);
    worker = spawnWorker();
    const run = await until(
      async () => {
        const r = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
        return r.status === "waiting" ? r : null;
      },
      "the run to wait on a person",
      60_000,
    );
    await kill("SIGTERM");
    expect(run.currentState).toBe("tell");
    expect(hook.got).toHaveLength(1);
    const escalation = await t.db.escalation.findFirstOrThrow({ where: { runId } });
    expect(JSON.stringify(escalation)).toMatch(/outcome|unknown|may or may not/i);
    expect(JSON.stringify(escalation)).not.toContain("SECRET");
  }, 150_000);
});
