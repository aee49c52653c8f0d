/**
 * After a crash, a call left in flight is re-sent only when that cannot repeat an effect: the tool is idempotent, or
 * its request was never handed to the transport; otherwise the run goes to a person with "outcome unknown". On the
 * in-memory harness: the "crash" is a second engine taking over the first one's store (the SIGKILL tests with real
 * workers stay in crash.int.test.ts and outcome-unknown.int.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { Engine } from "./engine";
import { createHarness } from "./testing/harness";

const definition = {
  schemaVersion: 1,
  name: "refund",
  startAt: "refund",
  states: {
    refund: { type: "tool", server: "orders", tool: "issue_refund", input: {}, next: "done" },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

/** A run whose refund call is in flight when its engine dies; then a new engine recovers the store's runs. */
async function crashDuringCall(options: { idempotent: boolean; sent: boolean }) {
  const h = createHarness();
  h.tools.tool("orders", "issue_refund", () => "hold", { idempotent: options.idempotent });
  const run = await h.start(h.publish(definition));
  expect(h.tools.holding()).toHaveLength(1);
  if (!options.sent) [...h.store.attempts.values()].forEach((a) => (a.sentAt = null));
  await h.engine.stop(); // the engine is gone; its call never answers
  h.tools.tool("orders", "issue_refund", () => ({ result: { refunded: true } }), { idempotent: options.idempotent });
  const next = new Engine({ store: h.store, tools: h.tools, clock: h.clock, pollMs: 0, workerId: "next" });
  await next.recover();
  await next.idle();
  return { h, run: h.run(run.id), calls: h.tools.callsTo("orders", "issue_refund").length };
}

describe("recovery of a call interrupted by a crash", () => {
  it("hands a sent, non-idempotent call to a person with outcome unknown, and does not send it again", async () => {
    const { h, run, calls } = await crashDuringCall({ idempotent: false, sent: true });
    expect(calls).toBe(1);
    expect(run.status).toBe("waiting");
    expect([...h.store.escalations.values()]).toEqual([expect.objectContaining({ reason: "outcome_unknown", status: "open" })]);
  });

  it("sends an idempotent call again with the same key, and the run finishes", async () => {
    const { h, run, calls } = await crashDuringCall({ idempotent: true, sent: true });
    expect(calls).toBe(2);
    expect(run.status).toBe("succeeded");
    expect(new Set(h.tools.calls.map((c) => c.idempotencyKey)).size).toBe(1);
  });

  it("sends a call whose request never left again (it cannot have happened)", async () => {
    const { run, calls } = await crashDuringCall({ idempotent: false, sent: false });
    expect(calls).toBe(2);
    expect(run.status).toBe("succeeded");
  });
});
