/**
 * The in-memory harness runs the executor's logic with no database, no processes and no sleeps: a retry's backoff is
 * waited out by moving the clock, a person's decision resumes the run with its audit row in the same commit, and
 * creating and starting a run is one commit.
 */
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { createHarness } from "./harness";

const definition = {
  schemaVersion: 1,
  name: "harness",
  startAt: "lookup",
  states: {
    lookup: {
      type: "tool",
      server: "crm",
      tool: "find",
      input: { id: "{% $input.id %}" },
      assign: { customer: "{% $result %}" },
      retry: { maxAttempts: 3, initialDelayMs: 1000, backoffRate: 2, maxDelayMs: 10_000, jitter: "none" },
      catch: [{ errors: ["tool_error"], next: "review" }],
      next: "done",
    },
    review: {
      type: "human",
      title: "Look at {% $input.id %}",
      message: "The lookup failed",
      options: [{ id: "ok", label: "Go on", next: "done" }],
      slaMinutes: 60,
      onTimeout: "fail",
    },
    done: { type: "succeed", output: "{% $customer %}" },
  },
} as unknown as WorkflowDefinition;

describe("the in-memory harness", () => {
  it("creates and starts a run in one commit and runs it to the end", async () => {
    const h = createHarness();
    h.tools.tool("crm", "find", (args) => ({ result: { name: `customer ${String(args.id)}` } }));
    const version = h.publish(definition);
    const run = await h.start(version, { id: "c1" });
    expect(run.status).toBe("succeeded");
    expect(run.output).toEqual({ name: "customer c1" });
    // start (create + first transition), call result: two commits, no separate creation.
    expect(h.store.commits).toBe(2);
    expect(h.store.transitions.filter((t) => t.runId === run.id).map((t) => t.seq)).toEqual([1, 2]);
    expect(h.tools.callsTo("crm", "find")).toEqual([
      { server: "crm", tool: "find", args: { id: "c1" }, idempotencyKey: `${run.id}:lookup:1` },
    ]);
  });

  it("waits out a retry's backoff on the manual clock, with the same idempotency key", async () => {
    const h = createHarness();
    h.tools.tool("crm", "find", (_args, call) =>
      call.attempt === 1 ? { error: { kind: "server_unavailable", message: "down", retryable: true } } : { result: "ok" },
    );
    const run = await h.start(h.publish(definition), { id: "c2" });
    expect(run.status).toBe("retrying");
    expect(h.tools.calls).toHaveLength(1);
    await h.advance(999);
    expect(h.tools.calls).toHaveLength(1); // not before its time
    await h.advance(1);
    expect(h.run(run.id).status).toBe("succeeded");
    const keys = h.tools.calls.map((c) => c.idempotencyKey);
    expect(keys).toEqual([`${run.id}:lookup:1`, `${run.id}:lookup:1`]);
  });

  it("parks a failed lookup on a person; the decision, the escalation's resolution and the audit row are one commit", async () => {
    const h = createHarness();
    h.tools.tool("crm", "find", () => ({ error: { kind: "tool_error", message: "no such customer", retryable: false } }));
    const run = await h.start(h.publish(definition), { id: "c3" });
    expect(run.status).toBe("waiting");
    const [escalation] = [...h.store.escalations.values()];
    expect(escalation).toMatchObject({ status: "open", title: "Look at c3", runId: run.id });
    const commits = h.store.commits;
    const audit = { id: "aud_1", actor: "ada", action: "escalation.resolve", target: escalation!.id, detail: "", address: "" };
    await h.engine.deliver(
      run.id,
      { type: "human_resolved", escalationId: escalation!.id, optionId: "ok", by: "ada" },
      undefined,
      { id: escalation!.id, by: "ada", resolution: { action: "option", optionId: "ok" } },
      audit,
    );
    await h.settle();
    expect(h.store.commits).toBe(commits + 1);
    expect(h.run(run.id).status).toBe("succeeded");
    expect(escalation).toMatchObject({ status: "resolved", resolvedBy: "ada" });
    expect(h.store.audit).toEqual([{ ...audit, at: h.clock.now() }]);
    // A second decision on the same item is refused, and writes no audit row.
    const again = await h.engine.deliver(
      run.id,
      { type: "human_resolved", escalationId: escalation!.id, optionId: "ok", by: "bob" },
      undefined,
      { id: escalation!.id, by: "bob", resolution: {} },
      { ...audit, id: "aud_2", actor: "bob" },
    );
    expect(again === null || again.ignored !== undefined).toBe(true);
    expect(h.store.audit).toHaveLength(1);
  });

  it("expires the person's item when its SLA passes and takes the timeout route", async () => {
    const h = createHarness();
    h.tools.tool("crm", "find", () => ({ error: { kind: "tool_error", message: "no such customer", retryable: false } }));
    const run = await h.start(h.publish(definition), { id: "c4" });
    await h.advance(59 * 60_000);
    expect(h.run(run.id).status).toBe("waiting");
    await h.advance(60_000);
    expect(h.run(run.id).status).toBe("failed");
    expect([...h.store.escalations.values()][0]).toMatchObject({ status: "resolved", resolvedBy: "sla" });
  });
});
