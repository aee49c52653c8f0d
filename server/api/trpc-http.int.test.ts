/**
 * The tRPC API over real HTTP requests (through the same fetch handler the
 * Next.js route uses): errors reach the client readable, with problem lists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { appRouter } from "./root";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { randomBytes } from "node:crypto";
import { SecretBox } from "../security/secrets";
import { createMcpPool } from "../services/servers/mcp-pool";
import { createEngine } from "../services/host/engine-host";
import type { McpConnectionManager } from "../mcp/manager";

let t: TestDatabase;
let pool: McpConnectionManager;
const box = new SecretBox(randomBytes(32));
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  pool = createMcpPool(t.db, box);
});
afterAll(async () => {
  await pool.closeAll();
  await t.dispose();
});

async function call(path: string, input: unknown, method: "GET" | "POST" = "POST") {
  const body = JSON.stringify(superjson.serialize(input));
  const url = `http://localhost/api/trpc/${path}${method === "GET" ? `?input=${encodeURIComponent(body)}` : ""}`;
  const req = new Request(url, {
    method,
    ...(method === "POST" ? { body, headers: { "content-type": "application/json" } } : {}),
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ db: t.db, box, pool, control: () => createEngine(t.db, pool, { url: t.url }) }),
  });
  const raw = (await res.json()) as { error?: never; result?: { data: never } };
  return {
    status: res.status,
    error: raw.error ? superjson.deserialize<{ message: string; data: Record<string, unknown> }>(raw.error) : undefined,
    data: raw.result ? superjson.deserialize<unknown>(raw.result.data) : undefined,
  };
}

describe("tRPC over HTTP", () => {
  it("answers 400 with flattened zod errors for bad input", async () => {
    const { status, error } = await call("workflows.create", { name: "   " });
    expect(status).toBe(400);
    expect(error?.data.zodError).toEqual({ formErrors: [], fieldErrors: { name: ["A workflow needs a name"] } });
    expect(error?.data.problems).toEqual([expect.objectContaining({ path: ["name"], message: "A workflow needs a name" })]);
  });

  it("answers 400 with every problem when an import is invalid", async () => {
    const text = JSON.stringify({ schemaVersion: 1, name: "X", startAt: "a", states: { a: { type: "wait", next: "b" } } });
    const { status, error } = await call("workflows.importJson", { text });
    expect(status).toBe(400);
    expect(error?.message).toBe("The workflow cannot be imported: 3 problems");
    const problems = error?.data.problems as { code: string; stateId?: string }[];
    expect(problems.map((p) => [p.code, p.stateId])).toEqual([
      ["unknown_target", "a"],
      ["no_terminal", undefined],
      ["wait_duration", "a"],
    ]);
  });

  it("answers 404 for a workflow that does not exist", async () => {
    const { status, error } = await call("workflows.get", { id: "wf_nope" }, "GET");
    expect(status).toBe(404);
    expect(error?.message).toBe("Workflow wf_nope was not found");
  });

  it("answers 409 on a stale draft save", async () => {
    const created = await call("workflows.create", { name: "Concurrent" });
    const { id } = created.data as { id: string };
    const definition = { schemaVersion: 1, name: "Concurrent", startAt: "done", states: { done: { type: "succeed" } } };
    expect((await call("workflows.updateDraft", { id, definition, expectedRevision: 0 })).status).toBe(200);
    const stale = await call("workflows.updateDraft", { id, definition, expectedRevision: 0 });
    expect(stale.status).toBe(409);
    expect(stale.error?.message).toMatch(/changed elsewhere/);
  });
});
