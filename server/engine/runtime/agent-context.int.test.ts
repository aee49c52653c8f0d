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
import { logLines } from "@/examples/test-fixtures/big-result-server";
import { demoWorld, settle, ADA, type DemoWorld } from "../../test/demo-setup";
import { ensureCatalog, registerScripted, SCRIPTED_KEY } from "../../test/agent-fixtures";
import { PROVIDERS } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { checkServer, createServer } from "../../services/servers";
import { startRun } from "../../services/runs";
import { createWorkflow, publishWorkflow } from "../../services/workflows";

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
          command: "node",
          args: ["--import", "tsx", path.resolve(import.meta.dirname, "../../../examples/test-fixtures/big-result-server.ts")],
          env: {},
        },
      },
    );
    await checkServer({ db: world.t.db, box, pool: world.pool }, id);
    await ensureCatalog(world, ["archive"]);
    await registerScripted(world, model, scenarios);
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
});
