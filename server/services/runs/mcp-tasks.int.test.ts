/**
 * MCP Tasks as durable steps (issue 19): a workflow calling server-everything's task-only tool
 * `simulate-research-query` (a real process over Streamable HTTP) in a worker process that is SIGKILLed while the task
 * runs. The task's reference was committed with the run; the next worker waits for that task (in its session) and
 * fetches its result once; the tool is called once. A recording proxy in front of the server is the witness of what
 * reached it.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DemoWorld } from "../../test/demo-setup";
import { fixtureWorld } from "../../test/fixture-world";
import { EVERYTHING, recordingProxy, startEverythingHttp, stdio } from "../../mcp/testing";
import { settle } from "../../test/demo-setup";
import { startRun } from "./runs";
import { answerRequest } from "../inbox/elicitation-requests";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { spawnWorker } from "../../test/worker-process";

const RESEARCH = {
  schemaVersion: 1,
  name: "Research",
  input: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
  startAt: "research",
  states: {
    research: {
      type: "tool",
      server: "fixture",
      tool: "simulate-research-query",
      input: { topic: "{% $input.topic %}", ambiguous: "{% $input.ambiguous = true %}" },
      assign: { report: "{% $result %}" },
      timeoutMs: 30_000,
      next: "done",
    },
    done: { type: "succeed", output: "{% $report %}" },
  },
} as unknown as WorkflowDefinition;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function startWorker(world: DemoWorld, dataDir: string): ChildProcess {
  const worker = spawnWorker(world, { dataDir });
  cleanups.push(() => kill(worker));
  return worker;
}

function kill(worker: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
    worker.once("exit", () => resolve());
    worker.kill("SIGKILL");
  });
}

async function until<T>(what: string, ms: number, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a task-only tool as a durable step", () => {
  it("finishes across a SIGKILL of the engine during the task: polled to completion, called once, result fetched once", async () => {
    const everything = await startEverythingHttp();
    cleanups.push(() => everything.stop());
    const proxy = await recordingProxy(everything.url);
    cleanups.push(() => proxy.close());
    const world = await fixtureWorld({ transport: "http", url: proxy.url, headers: {} }, RESEARCH, {}, { startEngine: false });
    cleanups.push(() => world.dispose());
    const dataDir = mkdtempSync(path.join(tmpdir(), "tasks-worker-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const db = world.t.db;
    const version = await db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    const runId = await world.engine.enqueueRun({
      workflowId: world.workflowId,
      versionId: version.id,
      input: { topic: "durable execution" },
    });

    const first = startWorker(world, dataDir);
    const created = await until("the task to be committed", 60_000, async () =>
      (await db.transition.findMany({ where: { runId } })).find(
        (t) => (t.event as { type?: string }).type === "call_task_created",
      ),
    );
    await kill(first);
    const seenBeforeRestart = proxy.requests.length;
    const taskId = (created.event as { task: { taskId: string } }).task.taskId;
    // The engine died while the task was working (it takes about 4 s).
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");
    const calledBy = proxy.requests.find((r) => r.method === "tools/call" && r.tool === "simulate-research-query");
    expect(proxy.requests.filter((r) => r.method === "tasks/result")).toHaveLength(0);

    startWorker(world, dataDir);
    const run = await until("the run to succeed", 60_000, async () => {
      const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
      if (row.status === "failed" || row.status === "waiting")
        throw new Error(`the run is ${row.status}: ${JSON.stringify(row.state)}`);
      return row.status === "succeeded" ? row : null;
    });
    expect(JSON.stringify(run.output)).toContain("# Research Report: durable execution");
    expect(JSON.stringify(run.output)).toContain("Stage 4: Generating report");

    // The server saw one call of the tool, status polls after the restart in the task's session, and one result fetch.
    expect(proxy.requests.filter((r) => r.method === "tools/call" && r.tool === "simulate-research-query")).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.method === "tasks/result")).toHaveLength(1);
    const after = proxy.requests.slice(seenBeforeRestart);
    expect(after.filter((r) => r.method === "tasks/get" && r.session === calledBy?.session).length).toBeGreaterThanOrEqual(1);
    expect(after.find((r) => r.method === "tasks/result")?.session).toBe(calledBy?.session);
    const attempts = await db.stepAttempt.findMany({ where: { runId } });
    expect(attempts.map((a) => a.status)).toEqual(["succeeded"]);
    const events = await db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(events.map((t) => (t.event as { type: string }).type)).toEqual(["start", "call_task_created", "call_succeeded"]);
    expect(taskId).toMatch(/\S/);
  }, 180_000);
});

describe("a task that needs input (input_required)", () => {
  it.each(["stdio", "http"] as const)(
    "asks its question in the inbox, tied to the run, and goes on with the answer (%s)",
    async (transport) => {
      const config =
        transport === "stdio"
          ? stdio(EVERYTHING)
          : await (async () => {
              const everything = await startEverythingHttp();
              cleanups.push(() => everything.stop());
              return { transport: "http" as const, url: everything.url, headers: {} };
            })();
      const world = await fixtureWorld(config, RESEARCH);
      cleanups.push(() => world.dispose());
      const db = world.t.db;
      const { runId } = await startRun(db, world.engine, {
        workflowId: world.workflowId,
        input: { topic: "python", ambiguous: true },
      });
      const item = await until("the question in the inbox", 60_000, () =>
        db.escalation.findFirst({ where: { runId, reason: "mcp_request", status: "open" } }),
      );
      expect(item.title).toContain("could have multiple interpretations");
      const details = item.details as {
        attribution: string;
        request: { form: { properties: Record<string, { enum?: string[] }> } };
      };
      expect(details.attribution).toBe("related_task");
      expect(details.request.form.properties.interpretation?.enum).toEqual(["programming", "snake", "comedy"]);
      await answerRequest(db, { id: item.id, by: "Ada", action: "accept", content: { interpretation: "snake" } });
      const run = await settle(world, runId);
      expect(run.status).toBe("succeeded");
      expect(JSON.stringify(run.output)).toContain("# Research Report: python (snake)");
    },
    120_000,
  );
});

describe("a task whose reference cannot be committed (issue 19)", () => {
  it("is cancelled on the server and its call's outcome becomes unknown: a person decides, nothing runs unrecorded", async () => {
    const everything = await startEverythingHttp();
    cleanups.push(() => everything.stop());
    const proxy = await recordingProxy(everything.url);
    cleanups.push(() => proxy.close());
    const world = await fixtureWorld({ transport: "http", url: proxy.url, headers: {} }, RESEARCH);
    cleanups.push(() => world.dispose());
    const db = world.t.db;
    // The database refuses the transition that records the task (as a full disk or a lost connection would).
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_task BEFORE INSERT ON "Transition" WHEN NEW."event" LIKE '%call_task_created%' ` +
        `BEGIN SELECT RAISE(ABORT, 'the disk is full'); END`,
    );
    const { runId } = await startRun(db, world.engine, { workflowId: world.workflowId, input: { topic: "unrecorded" } });
    const item = await until("the outcome_unknown escalation", 60_000, () =>
      db.escalation.findFirst({ where: { runId, reason: "outcome_unknown", status: "open" } }),
    );
    expect(item.stateId).toBe("research");
    const created = proxy.requests.filter((r) => r.method === "tools/call" && r.tool === "simulate-research-query");
    expect(created).toHaveLength(1);
    await until("tasks/cancel to reach the server", 10_000, () =>
      Promise.resolve(proxy.requests.some((r) => r.method === "tasks/cancel" && r.session === created[0]?.session)),
    );
    // Nobody waits for the task: no result fetched, no task reference in the run's history.
    expect(proxy.requests.filter((r) => r.method === "tasks/result")).toHaveLength(0);
    const events = await db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(events.map((t) => (t.event as { type: string }).type)).toEqual(["start", "call_outcome_unknown"]);
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("waiting");
    const attempts = await db.stepAttempt.findMany({ where: { runId } });
    expect(attempts.map((a) => a.status)).toEqual(["unknown"]);
  });
});
