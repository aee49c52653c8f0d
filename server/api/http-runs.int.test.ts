/**
 * The plain HTTP API for runs, through the Next.js route handlers themselves (app/api/...) on a real SQLite file:
 * starting a run (201 with its URLs; 400 naming each invalid field, nothing created), reading it, and re-running.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow } from "../services/workflows";
import { stopEngine } from "../services/app-engine";
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
