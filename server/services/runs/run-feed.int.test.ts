/**
 * runs.watch over a real HTTP server and a real SSE connection: a client that drops its connection and comes back with
 * the last event id gets exactly the transitions it missed (committed meanwhile by an engine of "another process",
 * which does not publish on this process's bus), then the live ones, and none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { appRouter } from "../../api/root";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "../servers/mcp-pool";
import { createEngine } from "../host/engine-host";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { startRun } from "./runs";
import { claimEscalation } from "../inbox/escalation-assign";
import { publishRunChanges, type RunChange } from "./run-feed";
import type { RunDelta } from "./run-delta";
import type { LiveChange } from "../../api/routers/live";
import type { Engine } from "../../engine/runtime/engine";
import type { McpConnectionManager } from "../../mcp/manager";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState } from "../../engine/core/types";

const ask = (next: string) => ({
  type: "human" as const,
  title: "Check",
  options: [{ id: "ok", label: "OK", next }],
});
const definition: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Three checks",
  startAt: "one",
  states: { one: ask("two"), two: ask("three"), three: ask("four"), four: ask("done"), done: { type: "succeed" } },
};

interface SseEvent {
  id: string | null;
  event: string | null;
  data: unknown;
}

/** A minimal SSE client on fetch: yields each event as it arrives; abort `signal` to drop the connection. */
async function* sse(url: string, signal: AbortSignal, lastEventId?: string): AsyncGenerator<SseEvent, void> {
  const res = await fetch(url, { signal, headers: lastEventId ? { "last-event-id": lastEventId } : {} });
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { id: null, event: null, data: null };
      for (const line of block.split("\n")) {
        if (line.startsWith("id: ")) event.id = line.slice(4);
        else if (line.startsWith("event: ")) event.event = line.slice(7);
        else if (line.startsWith("data: ") && line.length > 6) event.data = JSON.parse(line.slice(6)) as unknown;
      }
      if (event.data !== null || event.event) yield event;
    }
  }
}

/** The next `n` transitions from the stream (skipping the connection's own messages). */
async function take(stream: AsyncGenerator<SseEvent, void>, n: number): Promise<{ id: string; change: RunChange }[]> {
  const out: { id: string; change: RunChange }[] = [];
  while (out.length < n) {
    const next: IteratorResult<SseEvent, void> = await stream.next();
    if (next.done) break;
    const value = next.value;
    if (value.id === null || value.event) continue;
    out.push({ id: value.id, change: superjson.deserialize<RunChange>(value.data as never) });
  }
  return out;
}

describe.each(PROVIDERS)("runs.watch over SSE (%s)", (provider) => {
  let t: TestDatabase;
  let pool: McpConnectionManager;
  let here: Engine;
  let elsewhere: Engine;
  let server: ReturnType<typeof createHTTPServer>;
  let base: string;
  let workflowId: string;
  const box = new SecretBox(randomBytes(32));

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    pool = createMcpPool(t.db, box);
    here = createEngine(t.db, pool, { url: t.url, pollMs: 50 });
    publishRunChanges(here);
    // Another process's engine: its commits reach watchers only through the database.
    elsewhere = createEngine(t.db, pool, { url: t.url, pollMs: 50 });
    ({ id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition }));
    await publishWorkflow(t.db, { id: workflowId });
    server = createHTTPServer({
      router: appRouter,
      basePath: "/api/trpc/",
      createContext: () => ({ db: t.db, box, pool, control: () => here }),
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await here.stop();
    await elsewhere.stop();
    await pool.closeAll();
    await t.dispose();
  });

  async function approve(engine: Engine, runId: string) {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const pending = (run.state as unknown as RunState).pending;
    if (pending?.type !== "human") throw new Error(`Run ${runId} waits for no person`);
    const by = "tester";
    const event = { type: "human_resolved" as const, escalationId: pending.escalationId, optionId: "ok", by };
    await engine.deliver(runId, event, undefined, { id: pending.escalationId, by, resolution: { optionId: "ok" } });
  }

  it("replays exactly what a dropped client missed, then goes on live, without duplicates", async () => {
    const { runId } = await startRun(t.db, here, { workflowId, input: {} });
    const url = `${base}/runs.watch?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ runId })))}`;

    const first = new AbortController();
    const stream = sse(url, first.signal);
    // A new watcher starts with the latest transition (the client gets an id to resume from).
    const [started] = await take(stream, 1);
    expect(started).toMatchObject({ id: "1", change: { seq: 1, status: "waiting", stateId: "one", event: "start" } });
    await approve(here, runId);
    expect(await take(stream, 1)).toMatchObject([{ id: "2", change: { stateId: "two", event: "human_resolved" } }]);
    first.abort(); // the connection drops

    // Committed while nobody listens, by another process.
    await approve(elsewhere, runId);
    await approve(elsewhere, runId);

    const second = new AbortController();
    const resumed = sse(url, second.signal, "2");
    const replayed = await take(resumed, 2);
    expect(replayed.map((e) => [e.id, e.change.stateId, e.change.status])).toEqual([
      ["3", "three", "waiting"],
      ["4", "four", "waiting"],
    ]);
    await approve(elsewhere, runId); // live, from another process: found by the watcher's polling
    const rest = await take(resumed, 5);
    // The run finished: the stream ends after the final transition, with nothing repeated.
    expect(rest.map((e) => [e.id, e.change.status])).toEqual([["5", "succeeded"]]);
    second.abort();
  });

  /** The next `n` run deltas of a live.feed stream. */
  async function deltas(stream: AsyncGenerator<SseEvent, void>, n: number): Promise<RunDelta[]> {
    const out: RunDelta[] = [];
    while (out.length < n) {
      const next: IteratorResult<SseEvent, void> = await stream.next();
      if (next.done) break;
      if (next.value.data === null || next.value.event) continue;
      const change = superjson.deserialize<LiveChange>(next.value.data as never);
      if (change.topic === "run" && change.delta) out.push(change.delta);
    }
    return out;
  }

  async function query<T>(path: string, input: unknown): Promise<T> {
    const res = await fetch(`${base}/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`);
    const body = (await res.json()) as { result: { data: never } };
    return superjson.deserialize<T>(body.result.data);
  }

  it("streams what each transition changed, never the whole run; what a dropped page missed comes once, by seq", async () => {
    const { runId } = await startRun(t.db, here, { workflowId, input: {} });
    const url = `${base}/live.feed?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ runs: [runId] })))}`;
    const first = new AbortController();
    const stream = sse(url, first.signal);
    const [opening] = await deltas(stream, 1);
    expect(opening).toMatchObject({ after: 0, seq: 1, full: false, head: { status: "waiting", currentState: "one" } });

    await approve(here, runId);
    const [second] = await deltas(stream, 1);
    // Only the new transition, and the escalations of the steps it left and entered.
    expect(second?.transitions.map((tr) => tr.seq)).toEqual([2]);
    expect(second?.escalations.map((e) => [e.stateId, e.status])).toEqual([
      ["one", "resolved"],
      ["two", "open"],
    ]);
    expect(second).toMatchObject({ after: 1, seq: 2, full: false, head: { currentState: "two", pathTail: ["one", "two"] } });
    // A claim commits no transition: a delta from the page's own transition carries the step's question as it is now.
    await claimEscalation(t.db, { id: second!.escalations[1]!.id, by: "Sam Agent" });
    const claimed = await query<RunDelta>("runs.delta", { id: runId, after: 2 });
    expect(claimed.transitions).toEqual([]);
    expect(claimed.escalations.map((e) => [e.stateId, e.status, e.claimedBy])).toContainEqual(["two", "claimed", "Sam Agent"]);
    first.abort(); // the page's connection drops

    await approve(elsewhere, runId);
    await approve(elsewhere, runId);
    // Back, the page asks for what came after the last transition it holds.
    const missed = await query<RunDelta>("runs.delta", { id: runId, after: 2 });
    expect(missed.transitions.map((tr) => [tr.seq, tr.stateId])).toEqual([
      [3, "three"],
      [4, "four"],
    ]);
    expect(missed).toMatchObject({ after: 2, seq: 4, full: false, head: { currentState: "four" } });
    expect((await query<RunDelta>("runs.delta", { id: runId, after: 4 })).transitions).toEqual([]);

    const again = new AbortController();
    const resumed = sse(url, again.signal);
    expect((await deltas(resumed, 1))[0]).toMatchObject({ after: 3, seq: 4 });
    await approve(elsewhere, runId); // another process finishes the run: found by the watcher's look
    // A finished run: the page reads it whole, once.
    expect((await deltas(resumed, 1))[0]).toMatchObject({ after: 4, seq: 5, full: true, head: { status: "succeeded" } });
    again.abort();
  });

  it("refuses to watch a run that does not exist", async () => {
    const url = `${base}/runs.watch?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ runId: "run_nope" })))}`;
    const controller = new AbortController();
    const events: SseEvent[] = [];
    for await (const e of sse(url, controller.signal)) {
      events.push(e);
      if (e.event === "serialized-error") break;
    }
    controller.abort();
    const error = events.find((e) => e.event === "serialized-error");
    expect(JSON.stringify(error?.data)).toContain("Run run_nope was not found");
  });
});
