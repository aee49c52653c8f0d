/**
 * A retry of a parallel or map step never does a branch's or item's work twice (docs/parallel-map.md): the run the
 * step's failure cancelled keeps its call in flight until it settles, and the step's retry starts the branch's new run
 * only once that run is final, taking its outcome when it succeeded after all. In-memory harness: no sleeps.
 */
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { createHarness } from "./testing/harness";
import { Engine } from "./engine";

const lookup = (tool: string) => ({
  startAt: "call",
  states: {
    call: { type: "tool", server: "srv", tool, input: {}, assign: { found: "{% $result %}" }, next: "done" },
    done: { type: "succeed", output: "{% $found %}" },
  },
});

const retry = { maxAttempts: 2, initialDelayMs: 10, jitter: "none" };

const parallel = {
  schemaVersion: 1,
  name: "parallel",
  startAt: "both",
  states: {
    both: {
      type: "parallel",
      branches: { slow: lookup("slow"), flaky: lookup("flaky") },
      retry,
      assign: { found: "{% $results %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $found %}" },
  },
} as unknown as WorkflowDefinition;

const map = {
  schemaVersion: 1,
  name: "map",
  startAt: "each",
  states: {
    each: {
      type: "map",
      items: "{% $input.tools %}",
      itemBody: {
        startAt: "call",
        states: {
          call: {
            type: "tool",
            server: "srv",
            tool: "work",
            input: { tool: "{% $item %}" },
            assign: { found: "{% $result %}" },
            next: "done",
          },
          done: { type: "succeed", output: "{% $found %}" },
        },
      },
      retry,
      assign: { found: "{% $results %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $found %}" },
  },
} as unknown as WorkflowDefinition;

/** "flaky" fails its first call (retryable); "slow" is held until the test answers it. */
function harness() {
  const h = createHarness();
  h.tools.tool("srv", "slow", () => "hold");
  h.tools.tool("srv", "flaky", (_, c) =>
    c.idempotencyKey.includes("~") ? { result: "fine" } : { error: { kind: "tool_error", message: "down", retryable: true } },
  );
  // A map item's tool: "work" with the tool to act as.
  h.tools.tool("srv", "work", (args, c) =>
    args.tool === "slow"
      ? "hold"
      : c.idempotencyKey.includes("~")
        ? { result: "fine" }
        : { error: { kind: "tool_error", message: "down", retryable: true } },
  );
  return h;
}

const keys = (h: ReturnType<typeof harness>, tool: string) => h.tools.callsTo("srv", tool).map((c) => c.idempotencyKey);

describe("a retry of a parallel or map step", () => {
  it("takes a cancelled branch whose call in flight succeeded, without calling again", async () => {
    const h = harness();
    const run = await h.start(h.publish(parallel));
    await h.advance(10); // the step's retry
    // The slow branch's cancelled run still has its call in flight: its "~2" run is not started meanwhile.
    expect(keys(h, "slow")).toEqual([`${run.id}.both.1.slow:call:1`]);
    expect(h.store.runs.has(`${run.id}.both.1.slow~2`)).toBe(false);
    // The parent's re-check timer (what recovers a start lost in a crash) asks again from the stored state, with the
    // run it waits for: still nothing starts.
    const seen = h.store.transitions.length;
    await h.advance(10_000);
    expect(h.store.transitions.slice(seen).map((t) => [t.runId, t.event.type])).toContainEqual([run.id, "timer_fired"]);
    expect(h.store.runs.has(`${run.id}.both.1.slow~2`)).toBe(false);
    expect(keys(h, "slow")).toHaveLength(1);
    h.tools.answer("srv", "slow", { result: "done slowly" });
    await h.settle();
    expect(keys(h, "slow")).toHaveLength(1);
    expect(h.store.runs.has(`${run.id}.both.1.slow~2`)).toBe(false);
    expect(h.run(run.id).status).toBe("succeeded");
    expect(h.run(run.id).output).toEqual({ slow: "done slowly", flaky: "fine" });
  });

  it("after a crash during the retry, the next engine waits for the cancelled run, recovers its call and takes it", async () => {
    const h = createHarness();
    h.tools.tool("srv", "slow", () => "hold", { idempotent: true });
    h.tools.tool("srv", "flaky", (_, c) =>
      c.idempotencyKey.includes("~") ? { result: "fine" } : { error: { kind: "tool_error", message: "down", retryable: true } },
    );
    const run = await h.start(h.publish(parallel));
    await h.advance(10); // the retry is committed; the slow branch's cancelled run still has its call in flight
    await h.engine.stop(); // the engine dies: its call never answers, nothing it would have done next happens
    h.tools.tool("srv", "slow", () => ({ result: "done after the crash" }), { idempotent: true });
    const next = new Engine({
      store: h.store,
      tools: h.tools,
      clock: h.clock,
      pollMs: 0,
      workerId: "next",
      childRuns: h.store.childRunPort(),
    });
    // The parent's re-check (from its stored state) asks for the slow branch's new run with the run it waits for.
    const seen = h.store.transitions.length;
    h.clock.advance(60_000);
    await next.pollOnce();
    await next.idle();
    const after = h.store.transitions.slice(seen).filter((t) => t.runId === run.id);
    expect(after.map((t) => t.event.type)).toContain("timer_fired");
    expect(h.store.runs.has(`${run.id}.both.1.slow~2`)).toBe(false);
    // The cancelled run's idempotent call is sent again (same key); it succeeds and the retry takes it.
    await next.recover();
    await next.idle();
    await next.pollOnce();
    await next.idle();
    expect(new Set(keys(h, "slow"))).toEqual(new Set([`${run.id}.both.1.slow:call:1`]));
    expect(h.store.runs.has(`${run.id}.both.1.slow~2`)).toBe(false);
    expect(h.run(run.id).status).toBe("succeeded");
    expect(h.run(run.id).output).toEqual({ slow: "done after the crash", flaky: "fine" });
    await next.stop();
  });

  it("starts the branch's new run only after the cancelled one's call failed", async () => {
    const h = harness();
    const run = await h.start(h.publish(parallel));
    await h.advance(10);
    expect(keys(h, "slow")).toHaveLength(1);
    h.tools.answer("srv", "slow", { error: { kind: "tool_error", message: "no", retryable: true } });
    await h.settle();
    expect(h.run(`${run.id}.both.1.slow`).status).toBe("failed");
    expect(keys(h, "slow")).toEqual([`${run.id}.both.1.slow:call:1`, `${run.id}.both.1.slow~2:call:1`]);
    h.tools.answer("srv", "slow", { result: "second time" });
    await h.settle();
    expect(h.run(run.id).output).toEqual({ slow: "second time", flaky: "fine" });
  });

  it("takes a cancelled map item whose call in flight succeeded, without calling again", async () => {
    const h = harness();
    const run = await h.start(h.publish(map), { tools: ["flaky", "slow"] });
    await h.advance(10);
    const slow = () => h.tools.callsTo("srv", "work").filter((c) => c.args.tool === "slow");
    expect(slow().map((c) => c.idempotencyKey)).toEqual([`${run.id}.each.1.1:call:1`]);
    h.tools.answer("srv", "work", { result: "done slowly" });
    await h.settle();
    expect(slow()).toHaveLength(1);
    expect(h.store.runs.has(`${run.id}.each.1.1~2`)).toBe(false);
    expect(h.run(run.id).status).toBe("succeeded");
    expect(h.run(run.id).output).toEqual(["fine", "done slowly"]);
  });
});
