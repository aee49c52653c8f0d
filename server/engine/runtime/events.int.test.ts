/**
 * Events end to end on real databases with the demo CRM: a workflow's emit step
 * resumes runs of another workflow waiting for that customer; events published
 * a little before a run waits are not lost; a duplicate event id is one event;
 * a wait with a time limit takes its timeout route.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PUBLISHER, publish, waiter } from "../../test/coordination-fixtures";
import { startRun } from "../../services/runs/runs";
import { publishEvent } from "../../services/coordination/events";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const ADA_ID = "cust_001";

describe.each(PROVIDERS)("events on %s", (provider) => {
  it("an emit in one workflow resumes the run waiting for that customer, not the one waiting for another", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: ["crm"] });
    const w = world;
    const waiterId = await publish(w.t.db, waiter({ lookbackSeconds: 0 }));
    const forAda = await startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: ADA_ID } });
    const forOther = await startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: "cust_999" } });
    expect(await settle(w, forAda.runId)).toMatchObject({ status: "waiting", currentState: "wait" });
    expect(await w.t.db.eventWait.count()).toBe(2);

    const pub = await startRun(w.t.db, w.engine, {
      workflowId: w.workflowId,
      input: { customerEmail: ADA.customerEmail, note: "new address" },
    });
    expect((await settle(w, pub.runId)).status).toBe("succeeded");
    const done = await settle(w, forAda.runId, 90_000, (s) => s !== "waiting");
    expect(done.status).toBe("succeeded");
    expect((done.output as { value: unknown }).value).toEqual({ note: "new address", name: "Ada Lovelace" });
    const event = await w.t.db.event.findUniqueOrThrow({ where: { id: `evt:${pub.runId}:announce:1` } });
    expect(event).toMatchObject({ type: "customer.updated", correlationKey: ADA_ID, source: `workflow:${pub.runId}` });
    expect((await w.t.db.run.findUniqueOrThrow({ where: { id: forOther.runId } })).status).toBe("waiting");
    // The resumed run's wait row is removed after its commit: await that, then only the other customer's is left.
    const waits = await until(async () => {
      const rows = await w.t.db.eventWait.findMany({ select: { runId: true } });
      return rows.length === 1 ? rows : null;
    }, "the resumed run's wait row to be removed");
    expect(waits).toEqual([{ runId: forOther.runId }]);
  });

  it("takes an event published shortly before the run waits (look-back), but not one older than the window", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: [] });
    const w = world;
    const waiterId = await publish(w.t.db, waiter({ lookbackSeconds: 60 }));
    const now = Date.now();
    await publishEvent(
      w.engine,
      { id: "old", type: "customer.updated", key: "cust_007", payload: { n: 1 } },
      "test",
      now - 120_000,
    );
    await publishEvent(w.engine, { id: "recent", type: "customer.updated", key: ADA_ID, payload: { n: 2 } }, "test", now - 5_000);
    const early = await startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: ADA_ID } });
    const tooOld = await startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: "cust_007" } });
    const done = await settle(w, early.runId, 90_000, (s) => s !== "waiting" && s !== "queued" && s !== "running");
    expect(done.status).toBe("succeeded");
    expect((done.output as { value: unknown }).value).toEqual({ n: 2 });
    // The look-back is applied when the run starts waiting: once parked and the engine idle, nothing can take it out.
    await settle(w, tooOld.runId);
    await w.engine.idle();
    expect((await w.t.db.run.findUniqueOrThrow({ where: { id: tooOld.runId } })).status).toBe("waiting");
  });

  it("an event delivered twice (same id) is one event and resumes one wait once", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: [] });
    const w = world;
    const waiterId = await publish(w.t.db, waiter({ lookbackSeconds: 0 }));
    const runs = await Promise.all(
      [1, 2].map(() => startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: "cust_042" } })),
    );
    for (const r of runs) await settle(w, r.runId);
    const body = { id: "delivery-1", type: "customer.updated", key: "cust_042", payload: { n: 1 } };
    const [a, b] = await Promise.all([publishEvent(w.engine, body, "http"), publishEvent(w.engine, body, "http")]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await w.t.db.event.count({ where: { id: "delivery-1" } })).toBe(1);
    // One event resumes every run waiting for it (both), each exactly once.
    for (const r of runs) expect((await settle(w, r.runId, 90_000, (s) => s !== "waiting")).status).toBe("succeeded");
    for (const r of runs) {
      const received = await w.t.db.transition.findMany({ where: { runId: r.runId } });
      expect(received.filter((t) => (t.event as { type: string }).type === "event_received")).toHaveLength(1);
    }
  });

  it("goes the timeout route when no event comes in time, and the wait row is gone", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: [] });
    const w = world;
    const waiterId = await publish(w.t.db, waiter({ timeoutSeconds: 1 }));
    const r = await startRun(w.t.db, w.engine, { workflowId: waiterId, input: { customerId: "cust_003" } });
    const run = await w.t.db.run.findUniqueOrThrow({ where: { id: r.runId } });
    expect(run.wakeAt).not.toBeNull();
    const done = await settle(w, r.runId, 90_000, (s) => s !== "waiting");
    expect(done).toMatchObject({ status: "failed", failure: { code: "no_update" } });
    // The wait row goes in the commit of the timeout route's transition, or is swept just after it: await it.
    await w.engine.idle();
    expect(await until(async () => (await w.t.db.eventWait.count()) === 0, "the wait row to be gone")).toBe(true);
  });

  it("refuses a malformed event with every problem named", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: [] });
    await expect(publishEvent(world.engine, { type: "has spaces", extra: 1 }, "http")).rejects.toThrow(
      /type.*extra|extra.*type/s,
    );
    expect(await world.t.db.event.count()).toBe(0);
  });
});
