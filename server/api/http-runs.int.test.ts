/**
 * The plain HTTP API for runs, through the Next.js route handlers themselves (app/api/...) on a real SQLite file:
 * starting a run (201 with its URLs; 400 naming each invalid field, nothing created), reading it, and re-running.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow, updateDraft } from "../services/workflows/workflows";
import { stopEngine } from "../services/host/app-engine";
import { createAppContext } from "../context";
import { startRuns } from "../services/runs/runs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { resetEnv } from "../env";

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Callback",
  input: {
    type: "object",
    properties: { email: { type: "string", format: "email" }, orderId: { type: "string" } },
    required: ["email", "orderId"],
  },
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Call back", options: [{ id: "done", label: "Done", next: "end" }] },
    end: { type: "succeed" },
  },
};

let t: TestDatabase;
let workflowId: string;
type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
let startPost: Handler;
let batchPost: Handler;
let runGet: Handler;
let rerunPost: Handler;

const saved = { url: process.env.DATABASE_URL, key: process.env.SWITCHYARD_SECRET_KEY };

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  process.env.DATABASE_URL = t.url;
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
  resetEnv();
  ({ id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition }));
  await publishWorkflow(t.db, { id: workflowId });
  startPost = (await import("@/app/api/workflows/[id]/runs/route")).POST;
  batchPost = (await import("@/app/api/workflows/[id]/runs/batch/route")).POST;
  runGet = (await import("@/app/api/runs/[id]/route")).GET;
  rerunPost = (await import("@/app/api/runs/[id]/rerun/route")).POST;
});
afterAll(async () => {
  await stopEngine();
  await t.dispose();
  for (const [name, value] of [
    ["DATABASE_URL", saved.url],
    ["SWITCHYARD_SECRET_KEY", saved.key],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
});

const post = (handler: Handler, id: string, body: string) =>
  handler(new Request(`http://app.test/api/x/${id}`, { method: "POST", body, headers: { "content-type": "application/json" } }), {
    params: Promise.resolve({ id }),
  });

describe("HTTP: runs", () => {
  it("starts a run with valid input: 201 with its id and URLs; GET tells its status", async () => {
    const res = await post(startPost, workflowId, JSON.stringify({ email: "ada@example.com", orderId: "ORD-1" }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { runId: string; version: number; url: string; statusUrl: string };
    expect(body).toMatchObject({ version: 1, url: `http://app.test/runs/${body.runId}` });
    const status = await runGet(new Request(body.statusUrl), { params: Promise.resolve({ id: body.runId }) });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ id: body.runId, status: "waiting", currentState: "ask", failure: null });
  });

  it("refuses bad input with 400 naming each invalid field, and creates nothing", async () => {
    const before = await t.db.run.count();
    const res = await post(startPost, workflowId, JSON.stringify({ email: "not an email" }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; problems: { path: string[] }[] } };
    expect(error.message).toBe("The input has 2 problems");
    expect(error.problems.map((p) => p.path.join("."))).toEqual(expect.arrayContaining(["input.email", "input.orderId"]));
    expect((await post(startPost, workflowId, "[1, 2]")).status).toBe(400);
    expect((await post(startPost, workflowId, "{oops")).status).toBe(400);
    expect((await post(startPost, "wf_missing", "{}")).status).toBe(404);
    expect(await t.db.run.count()).toBe(before);
  });

  it("starts one run per input in a batch, in the inputs' order; a bad input refuses the whole batch, naming its index", async () => {
    const inputs = [1, 2, 3].map((n) => ({ email: `ada${n}@example.com`, orderId: `ORD-B${n}` }));
    const res = await post(batchPost, workflowId, JSON.stringify({ inputs }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { version: number; runs: { runId: string; url: string; statusUrl: string }[] };
    expect(body.version).toBe(1);
    expect(body.runs).toHaveLength(3);
    const runs = await t.db.run.findMany({ where: { id: { in: body.runs.map((r) => r.runId) } } });
    const byId = new Map(runs.map((r) => [r.id, r]));
    body.runs.forEach((r, i) => {
      expect(r.url).toBe(`http://app.test/runs/${r.runId}`);
      expect(byId.get(r.runId)?.status).toBe("waiting");
      expect(JSON.parse(JSON.stringify(byId.get(r.runId)?.input))).toEqual(inputs[i]);
    });

    const before = await t.db.run.count();
    const bad = await post(batchPost, workflowId, JSON.stringify({ inputs: [inputs[0], { email: "nope", orderId: "x" }] }));
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { problems: { path: (string | number)[] }[] } };
    expect(error.problems.map((p) => p.path.join("."))).toEqual(["inputs.1.email"]);
    expect((await post(batchPost, workflowId, JSON.stringify({ inputs: [inputs[0], 7] }))).status).toBe(400);
    expect((await post(batchPost, workflowId, JSON.stringify({ inputs: [] }))).status).toBe(400);
    expect((await post(batchPost, workflowId, JSON.stringify(inputs))).status).toBe(400);
    expect((await post(batchPost, "wf_missing", JSON.stringify({ inputs }))).status).toBe(404);
    expect(await t.db.run.count()).toBe(before);
  });

  it("reports, in its place, a batch input whose run the database refused; the others are started once", async () => {
    const engine = createAppContext().control();
    const inputs = [1, 2, 3].map((n) => ({ email: `kay${n}@example.com`, orderId: `ORD-P${n}` }));
    let n = 0;
    const refusingSecond = {
      startRun: (run: Parameters<typeof engine.startRun>[0]) =>
        ++n === 2 ? Promise.reject(new Error("SQLITE_FULL: database or disk is full")) : engine.startRun(run),
    };
    const { starts } = await startRuns(t.db, refusingSecond, { workflowId, inputs });
    expect(starts[1]).toEqual({ error: "Not started: the database refused the run; start this input again" });
    const ids = starts.flatMap((s) => ("runId" in s ? [s.runId] : []));
    expect(ids).toHaveLength(2);
    const runs = await t.db.run.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" } });
    expect(runs.map((r) => (r.input as { orderId: string }).orderId).sort()).toEqual(["ORD-P1", "ORD-P3"]);
    const all = await t.db.run.findMany({ select: { input: true } });
    expect(all.filter((r) => (r.input as { orderId?: string }).orderId === "ORD-P2")).toEqual([]);
  });

  it("starts runs of the version just published, by one run and by batch", async () => {
    const { id } = await createWorkflow(t.db, { name: "Versions", definition: { ...definition, name: "Versions" } });
    await publishWorkflow(t.db, { id });
    const input = { email: "ada@example.com", orderId: "ORD-V" };
    const first = (await (await post(startPost, id, JSON.stringify(input))).json()) as { version: number };
    expect(first.version).toBe(1);
    // A new version (the human step renamed): starts right after the publish run it, not the remembered one.
    const changed = { ...definition, name: "Versions", states: { ...definition.states } };
    changed.states.ask = { type: "human", title: "Call back now", options: [{ id: "done", label: "Done", next: "end" }] };
    await updateDraft(t.db, { id, definition: changed });
    const published = await publishWorkflow(t.db, { id });
    expect(published.version).toBe(2);
    const second = (await (await post(startPost, id, JSON.stringify(input))).json()) as { runId: string; version: number };
    expect(second.version).toBe(2);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: second.runId } });
    expect(run.versionId).toBe(published.versionId);
    const batch = (await (await post(batchPost, id, JSON.stringify({ inputs: [input] }))).json()) as { version: number };
    expect(batch.version).toBe(2);
  });

  it("re-runs only finished runs, and says which field is wrong", async () => {
    const started = await post(startPost, workflowId, JSON.stringify({ email: "ada@example.com", orderId: "ORD-2" }));
    const { runId } = (await started.json()) as { runId: string };
    const bad = await post(rerunPost, runId, JSON.stringify({ stateId: "" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { problems: { path: string[] }[] } }).error.problems[0]?.path).toEqual(["stateId"]);
    const waiting = await post(rerunPost, runId, JSON.stringify({ stateId: "ask" }));
    expect(waiting.status).toBe(409);
    expect(((await waiting.json()) as { error: { message: string } }).error.message).toMatch(/Only a finished run/);
  });
});
