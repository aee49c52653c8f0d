/**
 * Context management of agent steps, end to end: a real MCP server answers a tool
 * call with about 1 MB of text; the scripted model server (over HTTP) records the
 * size of every request, and the agent finds what it needs by searching and
 * reading the stored result by pages. The result never reaches the model whole.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { PAGE_CHARS } from "@/lib/agent/stored-results";
import { logLines } from "@/examples/test-fixtures/log-lines";
import { scriptArgs } from "@/server/test/script-bundle";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { ensureCatalog, registerScripted, SCRIPTED_KEY } from "../../test/agent-fixtures";
import { PROVIDERS } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { checkServer, createServer } from "../../services/servers/servers";
import { startRun } from "../../services/runs/runs";
import { createWorkflow, publishWorkflow } from "../../services/workflows/workflows";
import { resolveEscalation } from "../../services/inbox/escalations";
import { createEngine } from "../../services/host/engine-host";
import { instantClock } from "../../test/demo-setup";

const LINES = 10_000;
const NEEDLE_AT = 6_543;
const log = logLines(LINES, NEEDLE_AT);
const needlePage = Math.floor(log.indexOf("NEEDLE-4242") / PAGE_CHARS) + 1;

const scenarios: Scenario[] = [
  {
    model: "reader",
    turns: [
      { toolCalls: [{ name: "archive__export_log", args: { lines: LINES, needleAt: NEEDLE_AT } }] },
      { toolCalls: [{ name: "switchyard__search_result", args: { ref: "result-1", query: "refund code" } }] },
      { toolCalls: [{ name: "switchyard__read_result", args: { ref: "result-1", page: needlePage } }] },
      [{ ifLastMessageIncludes: "NEEDLE-4242", text: '{"code":"NEEDLE-4242"}' }, { text: '{"code":"not found"}' }],
    ],
  },
  {
    // Waits for a person between storing the result and reading it: the engine is restarted meanwhile.
    model: "restarted-reader",
    turns: [
      { toolCalls: [{ name: "archive__export_log", args: { lines: LINES, needleAt: NEEDLE_AT } }] },
      { toolCalls: [{ name: "orders__issue_refund", args: { orderId: "ORD-1001", amount: 1, reason: "late" } }] },
      { toolCalls: [{ name: "switchyard__read_result", args: { ref: "result-1", page: needlePage } }] },
      [{ ifLastMessageIncludes: "NEEDLE-4242", text: '{"code":"NEEDLE-4242"}' }, { text: '{"code":"not found"}' }],
    ],
  },
  {
    // Four mid-sized results (6 KB each, under the view budget) in a model with a 4,000-token context: the oldest are
    // summarised; the code (line 30 of the first, beyond its summary) is read back by its reference.
    model: "small-context",
    turns: [
      { toolCalls: [{ name: "archive__export_log", args: { lines: 60, needleAt: 30 } }] },
      { toolCalls: [{ name: "archive__export_log", args: { lines: 60, needleAt: 1000 } }] },
      { toolCalls: [{ name: "archive__export_log", args: { lines: 60, needleAt: 1000 } }] },
      { toolCalls: [{ name: "archive__export_log", args: { lines: 60, needleAt: 1000 } }] },
      { toolCalls: [{ name: "switchyard__read_result", args: { ref: "earlier-1", page: 1 } }] },
      [{ ifLastMessageIncludes: "NEEDLE-4242", text: '{"code":"NEEDLE-4242"}' }, { text: '{"code":"not found"}' }],
    ],
  },
];

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Log reader",
  startAt: "agent",
  states: {
    agent: {
      type: "agent",
      instructions: "Find the refund code of order ORD-1001 in the warehouse log.",
      model: { provider: "Scripted", model: "reader" },
      tools: [{ server: "archive", tool: "export_log" }],
      output: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
      assign: { code: "{% $result.code %}" },
      next: "done",
    },
    done: { type: "succeed", output: { code: "{% $code %}" } },
  },
};

describe.each(PROVIDERS)("large tool results in an agent step on %s", (provider) => {
  let model: ModelServer;
  let world: DemoWorld;

  beforeAll(async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    world = await demoWorld(provider, { definition });
    const box = new SecretBox(Buffer.from(world.secretKey, "base64"));
    const { id } = await createServer(
      { db: world.t.db, box, pool: world.pool },
      {
        name: "archive",
        config: {
          transport: "stdio",
          command: process.execPath,
          args: scriptArgs(path.resolve(import.meta.dirname, "../../../examples/test-fixtures/big-result-server.ts")),
          env: {},
        },
      },
    );
    await checkServer({ db: world.t.db, box, pool: world.pool }, id);
    await ensureCatalog(world, ["archive", "orders"]);
    await registerScripted(world, model, scenarios, {}, { "small-context": 4_000 });
  }, 300_000);
  afterAll(async () => {
    await world?.dispose();
    await model?.close();
  });

  it("never sends the 1 MB result to the model whole; the agent searches it and reads the page it needs", async () => {
    expect(log.length).toBeGreaterThan(1_000_000);
    const { id } = await createWorkflow(world.t.db, { name: "Log reader (test)", definition });
    await publishWorkflow(world.t.db, { id });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: id, input: ADA });
    const run = await settle(world, runId, 60_000);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: { code: string } }).value.code).toBe("NEEDLE-4242");
    // Four model calls, none of them carrying the result: each prompt stays small.
    expect(model.requests.map((r) => r.turn)).toEqual([0, 1, 2, 3]);
    for (const r of model.requests) {
      expect(r.promptBytes).toBeLessThan(40_000);
      expect(r.largestMessageBytes).toBeLessThan(PAGE_CHARS * 3);
    }
    // The readers are offered once a result is stored apart.
    expect(model.requests[0]?.tools).toEqual(["archive__export_log"]);
    expect(model.requests[1]?.tools).toEqual(["archive__export_log", "switchyard__read_result", "switchyard__search_result"]);
    // The tool was called once (the pages are read from the stored result, not by calling it again).
    const calls = await world.t.db.stepAttempt.findMany({ where: { runId, purpose: "agent" } });
    expect(calls.map((c) => c.tool)).toEqual(["export_log"]);
  });

  it("summarises the oldest tool results when the conversation nears the model's context size, and keeps them readable", async () => {
    const small: WorkflowDefinition = {
      ...definition,
      states: {
        ...definition.states,
        agent: {
          ...(definition.states.agent as Extract<WorkflowDefinition["states"][string], { type: "agent" }>),
          model: { provider: "Scripted", model: "small-context" },
          context: { keepRecentResults: 1 },
        },
      },
    };
    const { id } = await createWorkflow(world.t.db, { name: "Log reader, small context (test)", definition: small });
    await publishWorkflow(world.t.db, { id });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: id, input: ADA });
    const run = await settle(world, runId, 60_000);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: { code: string } }).value.code).toBe("NEEDLE-4242");
    const asked = model.requests.filter((r) => r.model === "small-context");
    expect(asked.map((r) => r.turn)).toEqual([0, 1, 2, 3, 4, 5]);
    // About four bytes per token: every prompt stays under the model's 4,000 tokens (four results whole would not).
    for (const r of asked) expect(r.promptBytes).toBeLessThan(16_000);
    // The instructions and the start message are in every prompt as sent; the first result was summarised with its reference.
    const transitions = await world.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    const sent = transitions.flatMap((t) =>
      (t.commands as { type: string; call?: { messages: { role: string; text?: string }[] } }[]).flatMap((c) =>
        c.type === "call_model" && c.call ? [c.call.messages] : [],
      ),
    );
    expect(sent).toHaveLength(6);
    for (const messages of sent) {
      expect(messages[0]?.text).toContain("Find the refund code of order ORD-1001");
      expect(messages[1]?.text).toBe("Begin.");
    }
    expect(JSON.stringify(sent[4])).toContain("Summarised to save context");
    expect(JSON.stringify(sent[4])).toContain("earlier-1");
  });

  // Last: it replaces the engine.
  it("keeps the stored result out of the run's state, and pages it after the engine restarts", async () => {
    const restarted: WorkflowDefinition = {
      ...definition,
      states: {
        ...definition.states,
        agent: {
          ...(definition.states.agent as Extract<WorkflowDefinition["states"][string], { type: "agent" }>),
          model: { provider: "Scripted", model: "restarted-reader" },
          tools: [
            { server: "archive", tool: "export_log" },
            { server: "orders", tool: "issue_refund" },
          ],
        },
      },
    };
    const { id } = await createWorkflow(world.t.db, { name: "Log reader across a restart (test)", definition: restarted });
    await publishWorkflow(world.t.db, { id });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: id, input: ADA });
    expect((await settle(world, runId, 60_000)).status).toBe("waiting");
    // The 1 MB result is in ONE RunBlob row (the call's transition recorded it apart; the agent's stored result refers
    // to that row rather than saving it again); the run's state holds a reference to it.
    const row = await world.t.db.run.findUniqueOrThrow({ where: { id: runId }, select: { state: true } });
    const state = JSON.stringify(row.state);
    expect(state.length).toBeLessThan(20_000);
    expect(state).toContain('"$blob"');
    const blobs = await world.t.db.runBlob.findMany({ where: { runId }, select: { id: true, size: true } });
    const large = blobs.filter((b) => b.size > 1_000_000);
    expect(large).toHaveLength(1);
    expect(state).toContain(`"$blob":"${large[0]!.id}"`);

    // A new engine (nothing in memory) takes the run on once the person approves; the agent reads the page it needs.
    await world.engine.stop();
    const box = new SecretBox(Buffer.from(world.secretKey, "base64"));
    const second = createEngine(world.t.db, world.pool, {
      url: world.t.url,
      clock: instantClock,
      pollMs: 50,
      shared: provider === "postgresql",
      box,
    });
    await second.start();
    try {
      const open = await world.t.db.escalation.findFirstOrThrow({ where: { runId, status: "open" } });
      await resolveEscalation(world.t.db, second, {
        id: open.id,
        by: "Grace",
        resolution: { action: "option", optionId: "approve" },
      });
      const run = await settle(world, runId, 60_000);
      expect(run.status).toBe("succeeded");
      expect((run.output as { value: { code: string } }).value.code).toBe("NEEDLE-4242");
      const asked = model.requests.filter((r) => r.model === "restarted-reader");
      expect(asked.map((r) => r.turn)).toEqual([0, 1, 2, 3]);
      for (const r of asked) expect(r.promptBytes).toBeLessThan(40_000);
    } finally {
      await second.stop();
    }
  });
});
