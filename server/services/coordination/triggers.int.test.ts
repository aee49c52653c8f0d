/**
 * Triggers on real databases: an event published by one workflow starts a
 * second and resumes a third waiting for that customer; a duplicate event
 * starts one run; a filter turns events down; a schedule fires once per tick
 * with three engines on one database; a webhook needs its secret and starts one
 * run per delivery id.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { ADA, demoWorld, instantClock, settle, type DemoWorld } from "../../test/demo-setup";
import { FOLLOW_UP, PUBLISHER, publish, waiter } from "../../test/coordination-fixtures";
import { startRun } from "../runs/runs";
import { publishEvent } from "./events";
import { createTrigger, receiveWebhook, setTriggerPaused } from "./triggers";
import { createDb } from "../../db/client";
import { createEngine } from "../host/engine-host";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runsOf(w: DemoWorld, workflowId: string, count: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await w.t.db.run.findMany({ where: { workflowId }, orderBy: { createdAt: "asc" } });
    if (runs.length >= count || Date.now() > deadline) return runs;
    await sleep(50);
  }
}

/**
 * Every event published so far has been looked at by the trigger runner and whatever it started has moved: a poll of
 * this engine (triggers first, then queued runs) made now, then the engine idle. What a test awaits before saying
 * "no (other) run came", instead of sleeping and hoping the background poll had its turn.
 */
async function lookedAtEverything(w: DemoWorld) {
  await w.engine.pollOnce();
  await w.engine.idle();
}

/** The recorded delivery of an event, once the trigger runner has looked at it (or null after 60 s). */
async function firingOf(w: DemoWorld, dedupKey: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const firing = await w.t.db.triggerFiring.findFirst({ where: { dedupKey } });
    if (firing || Date.now() > deadline) return firing;
    await sleep(50);
  }
}

describe.each(PROVIDERS)("triggers on %s", (provider) => {
  it("an event published by one workflow starts another and resumes a third waiting for that customer", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: ["crm"] });
    const w = world;
    const followUp = await publish(w.t.db, FOLLOW_UP);
    await createTrigger(w.t.db, {
      workflowId: followUp,
      config: {
        kind: "event",
        eventType: "customer.updated",
        filter: "{% $event.payload.note != 'ignore me' %}",
        input: { customerId: "{% $event.key %}", note: "{% $event.payload.note %}" },
      },
    });
    const waiting = await startRun(w.t.db, w.engine, {
      workflowId: await publish(w.t.db, waiter({ lookbackSeconds: 0 })),
      input: { customerId: "cust_001" },
    });
    await settle(w, waiting.runId);

    const pub = await startRun(w.t.db, w.engine, {
      workflowId: w.workflowId,
      input: { customerEmail: ADA.customerEmail, note: "moved" },
    });
    expect((await settle(w, pub.runId)).status).toBe("succeeded");
    const [started] = await runsOf(w, followUp, 1);
    expect(started).toBeDefined();
    const done = await settle(w, started!.id);
    expect(done.status).toBe("succeeded");
    expect((done.output as { value: unknown }).value).toEqual({ customerId: "cust_001", note: "moved" });
    expect((await settle(w, waiting.runId, 90_000, (s) => s !== "waiting")).status).toBe("succeeded");

    // The filter turns an event down: recorded as skipped, no run.
    await publishEvent(
      w.engine,
      { id: "skip-me", type: "customer.updated", key: "cust_001", payload: { note: "ignore me" } },
      "test",
    );
    // Its delivery is recorded as skipped (a delivery is recorded once, with a run or a reason): no run can follow.
    expect(await firingOf(w, "skip-me")).toMatchObject({ runId: null, skipped: "The filter turned this event down" });
    expect(await w.t.db.run.count({ where: { workflowId: followUp } })).toBe(1);
  });

  it("an event delivered twice starts one run", async () => {
    world = await demoWorld(provider, { definition: PUBLISHER, servers: [] });
    const w = world;
    const followUp = await publish(w.t.db, FOLLOW_UP);
    await createTrigger(w.t.db, {
      workflowId: followUp,
      config: { kind: "event", eventType: "customer.updated", input: { customerId: "{% $event.key %}" } },
    });
    const body = { id: "delivery-7", type: "customer.updated", key: "cust_002" };
    await Promise.all([publishEvent(w.engine, body, "http"), publishEvent(w.engine, body, "http")]);
    // The trigger runner has recorded the delivery before the same event comes a third time.
    expect(await firingOf(w, "delivery-7")).toMatchObject({ runId: expect.any(String) as unknown });
    await publishEvent(w.engine, body, "http");
    const runs = await runsOf(w, followUp, 1);
    await lookedAtEverything(w);
    expect(await w.t.db.run.count({ where: { workflowId: followUp } })).toBe(1);
    expect((await settle(w, runs[0]!.id)).status).toBe("succeeded");
    // The same event again is an idempotent repeat; the same id with another payload or key is a conflict, named.
    expect(await publishEvent(w.engine, body, "http")).toEqual({ id: "delivery-7", duplicate: true });
    await expect(publishEvent(w.engine, { ...body, payload: { note: "other" } }, "http")).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining("already published with a different payload") as unknown,
      problems: [{ path: ["payload"] }],
    });
    await expect(publishEvent(w.engine, { ...body, key: "cust_003" }, "http")).rejects.toMatchObject({
      kind: "conflict",
      problems: [{ path: ["key"] }],
    });
    await lookedAtEverything(w);
    expect(await w.t.db.run.count({ where: { workflowId: followUp } })).toBe(1);
  });

  it("a schedule fires once per tick with three engines on the database, and not while paused", async () => {
    world = await demoWorld(provider, { definition: FOLLOW_UP, servers: [] });
    const w = world;
    const since = Date.now();
    const { id } = await createTrigger(w.t.db, {
      workflowId: w.workflowId,
      config: { kind: "schedule", cron: "* * * * * *", timezone: "UTC", input: { customerId: "{% $event.payload.tick %}" } },
    });
    const others = [createDb(w.t.url), createDb(w.t.url)];
    const engines = others.map((db) =>
      createEngine(db, w.pool, { url: w.t.url, clock: instantClock, pollMs: 50, shared: provider === "postgresql" }),
    );
    await Promise.all(engines.map((e) => e.start()));
    let pausedAt = 0;
    try {
      // At least three ticks fire (however slow the machine), then the trigger is paused.
      await until(async () => (await w.t.db.run.count({ where: { workflowId: w.workflowId } })) >= 3, "three ticks", 30_000);
      await setTriggerPaused(w.t.db, { id, paused: true });
      pausedAt = Date.now();
    } finally {
      await Promise.all(engines.map((e) => e.stop()));
      await Promise.all(others.map((db) => db.$disconnect()));
    }
    const seconds = Math.ceil((pausedAt - since) / 1000);
    const ticksOf = async () =>
      (await w.t.db.run.findMany({ where: { workflowId: w.workflowId } })).map(
        (r) => (r.input as { customerId: string }).customerId,
      );
    const ticks = await ticksOf();
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // At most one run per whole second from the trigger's creation to the pause.
    expect(ticks.length).toBeLessThanOrEqual(seconds + 1);
    // Paused: while seconds pass with an engine polling, no tick after the pause starts a run (a poll that read the
    // trigger before the pause may still finish, with a tick before it).
    // A tick falls due after the pause (the schedule is per second); then a poll made now has surely looked at it.
    await sleep(1_500);
    await lookedAtEverything(w);
    const after = await ticksOf();
    expect(after.filter((tick) => Date.parse(tick) > pausedAt)).toEqual([]);
    expect(new Set(after).size).toBe(after.length);
  });

  it("a webhook needs its secret and starts one run per delivery id", async () => {
    world = await demoWorld(provider, { definition: FOLLOW_UP, servers: [] });
    const w = world;
    const { id, secret } = await createTrigger(w.t.db, { workflowId: w.workflowId, config: { kind: "webhook" } });
    const call = (s: string | null, deliveryId: string | null, body: unknown = { customerId: "cust_009" }) =>
      receiveWebhook(w.t.db, w.engine, { triggerId: id, secret: s, body, deliveryId });
    await expect(call("wrong", null)).rejects.toThrow(/secret is missing or wrong/);
    await expect(call(null, null)).rejects.toThrow(/secret is missing or wrong/);
    const first = await call(secret, "d-1");
    expect(first.status).toBe("started");
    expect(await call(secret, "d-1")).toEqual({ status: "duplicate" });
    const skipped = await call(secret, "d-2", { nope: 1 });
    expect(skipped.status === "skipped" && skipped.reason).toMatch(/customerId/);
    const run = await settle(w, (first as { runId: string }).runId);
    expect((run.output as { value: unknown }).value).toEqual({ customerId: "cust_009" });
    expect(await w.t.db.run.count()).toBe(1);
  });

  it("refuses bad trigger settings with every problem named", async () => {
    world = await demoWorld(provider, { definition: FOLLOW_UP, startEngine: false, servers: [] });
    await expect(
      createTrigger(world.t.db, {
        workflowId: world.workflowId,
        config: { kind: "schedule", cron: "every day", timezone: "Mars/Base" },
      }),
    ).rejects.toThrow(/timezone "Mars\/Base" is not a time zone/);
    await expect(
      createTrigger(world.t.db, {
        workflowId: world.workflowId,
        config: { kind: "schedule", cron: "every day", timezone: "UTC" },
      }),
    ).rejects.toThrow(/cron The schedule "every day" is not valid/);
    await expect(
      createTrigger(world.t.db, { workflowId: world.workflowId, config: { kind: "event", eventType: "x", filter: "true" } }),
    ).rejects.toThrow(/filter The filter must be an expression/);
    expect(await world.t.db.trigger.count()).toBe(0);
  });
});
