/**
 * What a server sends besides its result reaches the run (issue 19): its log messages are kept with the call in the
 * run's timeline, attributed to the call whose response stream carried them (two runs at once over Streamable HTTP)
 * and without the server's secrets; and a result that breaks the tool's output schema fails the step unless the state
 * chose to take it. Against the fidelity fixture as a real process, the real engine and a SQLite database.
 */
import { describe, expect, it } from "vitest";
import { settle, type DemoWorld } from "../../test/demo-setup";
import { fixtureWorlds } from "../../test/fixture-worlds";
import { startRun } from "./runs";
import { FIDELITY, stdio } from "../../mcp/testing";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { CallLog } from "@/lib/runs/server-logs";

const worlds = fixtureWorlds();

const SECRET = "sk-live-logs-0123456789abcdef";

const LOG = {
  schemaVersion: 1,
  name: "Log something",
  input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  startAt: "log",
  states: {
    log: { type: "tool", server: "fixture", tool: "log", input: { text: "{% $input.text %}", delayMs: 400 }, next: "done" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

async function logsOf(w: DemoWorld, runId: string): Promise<CallLog[]> {
  const rows = await w.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { event: true } });
  return rows.flatMap((r) => (r.event as { logs?: CallLog[] }).logs ?? []);
}

describe("a server's log messages during a call", () => {
  it("over stdio: are kept with the call's outcome, by level, without the server's secrets", async () => {
    const world = await worlds.open(stdio(FIDELITY, [], { API_TOKEN: SECRET }), LOG);
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { text: "hello" } });
    expect((await settle(world, runId)).status).toBe("succeeded");
    const logs = await logsOf(world, runId);
    expect(logs.map((l) => [l.level, l.logger, l.message.replace(/"token":"[^"]*"/, '"token":"…"')])).toEqual([
      ["warning", "fixture", "disk almost full"],
      ["info", undefined, '{"text":"hello","token":"…"}'],
    ]);
    expect(JSON.stringify(logs)).not.toContain(SECRET);
    expect(logs[1]?.message).toContain('"token":"');
  });

  it("over Streamable HTTP: two runs at once each get their own call's messages", async () => {
    const w = await worlds.open(await worlds.fidelityHttp(), LOG);
    const start = async (text: string) => (await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { text } })).runId;
    const [a, b] = await Promise.all([start("from run A"), start("from run B")]);
    expect((await settle(w, a)).status).toBe("succeeded");
    expect((await settle(w, b)).status).toBe("succeeded");
    const texts = async (runId: string) => (await logsOf(w, runId)).map((l) => l.message);
    expect(await texts(a)).toEqual(["disk almost full", '{"text":"from run A","token":"none"}']);
    expect(await texts(b)).toEqual(["disk almost full", '{"text":"from run B","token":"none"}']);
  });
});

const BAD_OUTPUT = (validateOutput?: boolean) =>
  ({
    schemaVersion: 1,
    name: "Bad output",
    startAt: "bad",
    states: {
      bad: {
        type: "tool",
        server: "fixture",
        tool: "bad-output",
        ...(validateOutput === undefined ? {} : { validateOutput }),
        assign: { got: "{% $result %}" },
        catch: [{ errors: ["protocol_error"], next: "broken" }],
        next: "done",
      },
      done: { type: "succeed", output: "{% $got %}" },
      broken: { type: "fail", error: "broken", message: "the result broke the schema" },
    },
  }) as unknown as WorkflowDefinition;

describe("a result that breaks the tool's output schema", () => {
  it.each([
    ["stdio", () => Promise.resolve(stdio(FIDELITY))],
    ["Streamable HTTP", () => worlds.fidelityHttp()],
  ])("over %s: fails the step by default, and is taken as it is when the state says so", async (_label, config) => {
    const c = await config();
    let world = await worlds.open(c, BAD_OUTPUT());
    const strict = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} });
    expect((await settle(world, strict.runId)).status).toBe("failed");
    await world.dispose();
    world = await worlds.open(c, BAD_OUTPUT(false));
    const lenient = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} });
    const done = await settle(world, lenient.runId);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ value: { count: "many" } });
  });
});
