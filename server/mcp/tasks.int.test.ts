/**
 * MCP Tasks against server-everything's task-only tool `simulate-research-query` (a real process, stdio and Streamable
 * HTTP): the call becomes a task whose reference is handed out before waiting, the task is polled to its end and its
 * result fetched once; a question (`input_required`) reaches the elicitation handler tied to the call; a task
 * created by one connection is finished by another (the first process gone) in the task's own session; cancelling
 * cancels the task on the server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { McpConnection } from "./connection";
import { McpCallError } from "./errors";
import { EVERYTHING, startEverythingHttp, stdio } from "./testing";
import type { ClientHandlers, RelatedCall, TaskRef, TaskStatusUpdate } from "./types";

const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text ?? "").join("");

let server: Awaited<ReturnType<typeof startEverythingHttp>> | null = null;
const conns: McpConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close()));
  await server?.stop();
  server = null;
});

function connect(config: ConstructorParameters<typeof McpConnection>[0]["config"], handlers?: ClientHandlers): McpConnection {
  const conn = new McpConnection({ name: "everything", config, handlers });
  conns.push(conn);
  return conn;
}

/** The status messages of server-everything's simulate-research-query, in order. */
const RESEARCH_STAGES = ["Gathering sources...", "Analyzing content...", "Synthesizing findings...", "Generating report..."];

describe("a task-only tool (simulate-research-query)", () => {
  it.each(["stdio", "http"] as const)(
    "is called as a task over %s: reference first, then polled to its result",
    async (transport) => {
      const config =
        transport === "stdio"
          ? stdio(EVERYTHING)
          : { transport: "http" as const, url: (server = await startEverythingHttp()).url, headers: {} };
      const conn = connect(config);
      const tasks: TaskRef[] = [];
      const statuses: TaskStatusUpdate[] = [];
      const result = await conn.callTool(
        "simulate-research-query",
        { topic: "durable execution" },
        {
          timeoutMs: 20_000,
          onTask: (task) => {
            tasks.push(task);
            return Promise.resolve();
          },
          onTaskStatus: (s) => statuses.push(s),
        },
      );
      expect(text(result)).toContain("# Research Report: durable execution");
      expect(tasks).toHaveLength(1);
      expect(tasks[0]?.pollMs).toBe(1000);
      expect(Boolean(tasks[0]?.sessionId)).toBe(transport === "http");
      // The server spends a second on each of its four stages and is polled every second, so a loaded machine may poll
      // past a stage: the updates come in the server's order, more than one stage shows, and completion comes last.
      const seen = statuses.map((s) => RESEARCH_STAGES.indexOf(s.message ?? "")).filter((i) => i >= 0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen).size).toBeGreaterThan(1);
      expect(statuses.at(-1)?.status).toBe("completed");
    },
    60_000,
  );

  it("routes input_required's question to the elicitation handler, tied to the call by its task", async () => {
    server = await startEverythingHttp();
    const asked: { message: string; related: RelatedCall | undefined }[] = [];
    const conn = connect(
      { transport: "http", url: server.url, headers: {} },
      {
        elicitation: (_server, params, extra) => {
          asked.push({ message: params.message, related: extra.related });
          return Promise.resolve({ action: "accept", content: { interpretation: "snake" } });
        },
      },
    );
    const result = await conn.callTool(
      "simulate-research-query",
      { topic: "python", ambiguous: true },
      { timeoutMs: 20_000, meta: { "dev.switchyard/idempotency-key": "run-1:research:1" } },
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain("could have multiple interpretations");
    expect(asked[0]?.related).toEqual({ how: "task", meta: { "dev.switchyard/idempotency-key": "run-1:research:1" } });
    expect(text(result)).toContain("# Research Report: python (snake)");
  });

  it("is finished by another connection in the task's own session when the first one is gone, without calling again", async () => {
    server = await startEverythingHttp();
    const config = { transport: "http" as const, url: server.url, headers: {} };
    const first = connect(config);
    const gone = new AbortController();
    const refs: TaskRef[] = [];
    // Two tasks in the dead process's one session: finishing the first must not end the session the second lives in.
    for (const topic of ["restarts", "sessions"]) {
      void first
        .callTool(
          "simulate-research-query",
          { topic },
          {
            timeoutMs: 20_000,
            signal: gone.signal,
            onTask: (task) => {
              refs.push(task);
              return Promise.resolve();
            },
          },
        )
        .catch((err: unknown) => err);
    }
    await expect.poll(() => refs.length, { timeout: 15_000 }).toBe(2);
    expect(refs[0]?.sessionId).toBe(refs[1]?.sessionId);
    // The first process "dies": its client goes away without cancelling or ending its session.
    await (first as unknown as { client: { close(): Promise<void> } | null }).client?.close();

    const second = connect(config);
    for (const [i, topic] of ["restarts", "sessions"].entries()) {
      const statuses: TaskStatusUpdate[] = [];
      const result = await second.callTool(
        "simulate-research-query",
        { topic: "ignored" },
        {
          timeoutMs: 20_000,
          resumeTask: refs[i],
          onTaskStatus: (s) => statuses.push(s),
        },
      );
      expect(text(result)).toContain(`# Research Report: ${topic}`);
      expect(statuses.at(-1)?.status).toBe("completed");
    }
  }, 90_000);

  it("cancels the task on the server when the call is cancelled", async () => {
    server = await startEverythingHttp();
    const config = { transport: "http" as const, url: server.url, headers: {} };
    const conn = connect(config);
    const stop = new AbortController();
    let ref: TaskRef | undefined;
    const call = conn
      .callTool(
        "simulate-research-query",
        { topic: "cancel me" },
        {
          timeoutMs: 20_000,
          signal: stop.signal,
          onTask: (task) => {
            ref = task;
            return Promise.resolve();
          },
        },
      )
      .catch((err: unknown) => err);
    await expect.poll(() => ref, { timeout: 15_000 }).toBeDefined();
    stop.abort();
    const err = await call;
    expect(err).toBeInstanceOf(McpCallError);
    expect((err as McpCallError).kind).toBe("cancelled");
    // Asked afterwards in the same session, the server says the task was cancelled.
    const statuses: TaskStatusUpdate[] = [];
    const after = await conn
      .callTool("simulate-research-query", {}, { timeoutMs: 5_000, resumeTask: ref, onTaskStatus: (s) => statuses.push(s) })
      .catch((e: unknown) => e);
    expect((after as McpCallError).kind).toBe("cancelled");
    expect(statuses.map((s) => s.status)).toEqual(["cancelled"]);
  });
});
