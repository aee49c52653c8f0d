/**
 * The plain HTTP routes answer what their tRPC procedures decide, in the routes' own words (http-procedures.ts): on a
 * real SQLite file in local mode, through the Next.js route handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { stopEngine } from "../services/host/app-engine";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { resetEnv } from "../env";

const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Ask",
  startAt: "ask",
  states: {
    ask: { type: "human", title: "Call back", options: [{ id: "done", label: "Done", next: "end" }] },
    end: { type: "succeed" },
  },
};

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Handler> = {};
let t: TestDatabase;
let workflowId: string;
const saved = { url: process.env.DATABASE_URL, key: process.env.SWITCHYARD_SECRET_KEY };

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  process.env.DATABASE_URL = t.url;
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString("base64");
  resetEnv();
  ({ id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition }));
  await publishWorkflow(t.db, { id: workflowId });
  routes.start = (await import("@/app/api/workflows/[id]/runs/route")).POST as Handler;
  routes.run = (await import("@/app/api/runs/[id]/route")).GET as Handler;
  routes.rerun = (await import("@/app/api/runs/[id]/rerun/route")).POST as Handler;
  routes.resolve = (await import("@/app/api/escalations/[id]/resolve/route")).POST as Handler;
  routes.events = (await import("@/app/api/events/route")).POST;
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

const send = async (route: string, params: Record<string, string>, body?: unknown) => {
  const init = body === undefined ? {} : { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) };
  const res = await routes[route]!(new Request("http://app.test/api/x", init), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; problems?: unknown } } };
};

describe("HTTP routes through their procedures", () => {
  it("words refused bodies as the routes always did", async () => {
    const started = await send("start", { id: workflowId }, {});
    expect(started.status).toBe(201);
    const { runId } = started.body as unknown as { runId: string };
    expect(await send("start", { id: workflowId }, "[1]")).toEqual({
      status: 400,
      body: {
        error: {
          code: "invalid",
          message: "The body must be a JSON object: the run's input",
          problems: [],
        },
      },
    });
    expect(await send("rerun", { id: runId }, { stateId: "" })).toEqual({
      status: 400,
      body: {
        error: {
          code: "invalid",
          message: "The body has 1 problem",
          problems: [expect.objectContaining({ path: ["stateId"], code: "invalid", message: "Name the step to start at" })],
        },
      },
    });
    const resolve = await send("resolve", { id: "esc_x" }, { resolution: { action: "nope" } });
    expect(resolve.status).toBe(400);
    expect(resolve.body.error?.message).toMatch(/^The body is not a resolution: resolution\.action: /);
    const event = await send("events", {}, { type: "" });
    expect(event.status).toBe(400);
    expect(event.body.error?.message).toMatch(/^The event has 1 problem: type /);
  });

  it("answers a service's refusal with its status and an id no procedure takes with 404", async () => {
    expect((await send("resolve", { id: "esc_missing" }, { resolution: { action: "skip", result: 1 } })).status).toBe(404);
    expect((await send("run", { id: "r".repeat(101) })).status).toBe(404);
    expect((await send("start", { id: "w".repeat(101) }, {})).status).toBe(404);
  });

  it("marks an event published over HTTP as from the HTTP API", async () => {
    const published = await send("events", {}, { type: "order.placed", id: "evt-http-1" });
    expect(published.status).toBe(202);
    expect(await t.db.event.findUniqueOrThrow({ where: { id: "evt-http-1" } })).toMatchObject({ source: "http" });
    expect((await send("events", {}, { type: "order.placed", id: "evt-http-1" })).status).toBe(200);
  });
});
