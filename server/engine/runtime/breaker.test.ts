/**
 * A flaky server (half its calls fail) trips its circuit breaker: runs wait while it is open, a probe closes it
 * again, and every run still finishes. The runs' histories show the calls refused while the breaker was open. On the
 * in-memory harness (moved from breaker.int.test.ts: 75 s for the file with a database and the demo servers on a loaded 2-core machine; here 0.15 s); the
 * breaker's rows shared between engines stay covered by server/db/run-store-batched.int.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CHECK_ORDER as definition } from "../../test/check-order";
import { createHarness } from "./testing/harness";

describe("circuit breaker", () => {
  it("opens on a flaky server, lets runs wait, closes again, and every run finishes", async () => {
    const h = createHarness({ breaker: { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 300 } });
    let n = 0;
    // Half the calls fail, in a fixed order (the demo server's seeded failure rate 0.5).
    h.tools.tool("orders", "get_order", () =>
      n++ % 2 === 0 ? { error: { kind: "protocol_error", message: "flaky", retryable: true } } : { result: { id: "ORD-1001" } },
    );
    const version = h.publish(definition);
    const ids = await Promise.all(Array.from({ length: 8 }, async () => (await h.start(version, { orderId: "ORD-1001" })).id));
    for (let step = 0; step < 500 && ids.some((id) => !["succeeded", "failed"].includes(h.run(id).status)); step++)
      await h.advance(20);
    for (const id of ids) expect(h.run(id).status).toBe("succeeded");

    const attempts = [...h.store.attempts.values()].filter((a) => ids.includes(a.runId));
    const errors = attempts.map((a) => (a.error as { kind?: string } | null)?.kind).filter(Boolean);
    expect(errors).toContain("protocol_error");
    // Calls refused while the breaker was open are in the runs' histories (the timeline shows them).
    const history = h.store.transitions.filter((t) => ids.includes(t.runId));
    expect(history.filter((t) => t.event.type === "breaker_open").length).toBeGreaterThan(0);
    expect(history.filter((t) => t.status === "waiting").length).toBeGreaterThan(0);
    // After being refused, calls went through again: the breaker half-opened and closed on a successful probe.
    const recovered = ids.some((id) => {
      const types = history.filter((t) => t.runId === id).map((t) => t.event.type);
      const refused = types.indexOf("breaker_open");
      return refused !== -1 && types.slice(refused).includes("call_succeeded");
    });
    expect(recovered).toBe(true);
  });
});
