/**
 * Webhook notifications against a real HTTP receiver that fails at first: retried with backoff, payloads complete, each
 * event of each escalation received once, also with two processes sending and after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { fixtureEscalation, fixtureWorkflow } from "../../test/inbox-fixtures";
import { createDb } from "../../db/client";
import { deliveryCounts, notifyOnce, setWebhookUrl, webhookSettings, type NotifierOptions } from "./webhook-notifier";
import type { WebhookPayload } from "./webhook-outbox";

interface Received {
  headers: IncomingHttpHeaders;
  body: WebhookPayload;
}

/** Answers 503 to the first `failures` requests, then 204; keeps what it accepted. */
async function receiver(failures: number) {
  const accepted: Received[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      requests++;
      if (requests <= failures) {
        res.writeHead(503).end("busy");
        return;
      }
      accepted.push({ headers: req.headers, body: JSON.parse(text) as WebhookPayload });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/inbox`,
    accepted,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const options: NotifierOptions = {
  env: {},
  baseUrl: "http://inbox.example.com/",
  // A request that takes long on a loaded machine is not a failure here (the receiver fails on purpose, at once).
  sender: { baseDelayMs: 30, maxDelayMs: 200, maxAttempts: 10, timeoutMs: 10_000 },
};

async function until(check: () => Promise<boolean>, step: () => Promise<unknown>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await step();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(PROVIDERS)("webhook notifications on %s", (provider) => {
  let t: TestDatabase;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    hook = await receiver(3);
  });
  afterAll(async () => {
    await hook.close();
    await t.dispose();
  });

  it("does nothing without a URL; the environment wins over the inbox's setting", async () => {
    await notifyOnce(t.db, options);
    expect(await t.db.appSetting.count()).toBe(0);
    await setWebhookUrl(t.db, hook.url);
    expect(await webhookSettings(t.db, {})).toEqual({ url: hook.url, source: "settings" });
    expect(await webhookSettings(t.db, { SWITCHYARD_WEBHOOK_URL: "http://other" })).toMatchObject({ source: "env" });
    await expect(setWebhookUrl(t.db, "ftp://x")).rejects.toThrow(/http/);
  });

  it("sends new and overdue escalations once each, retrying a failing receiver, across processes and a restart", async () => {
    const wf = await fixtureWorkflow(t.db, "Refunds");
    const old = await fixtureEscalation(t.db, wf, { title: "From before notifications were on", ageMinutes: 10 });
    await notifyOnce(t.db, options); // turns notifications on from now
    const id = await fixtureEscalation(t.db, wf, { title: "Refund £40?", group: "support", dueInMinutes: 10 });

    // Two processes (two database clients) share the work; one of them "restarts" halfway.
    const a = createDb(t.url);
    let b = createDb(t.url);
    try {
      await notifyOnce(a, options);
      expect(hook.requests()).toBe(1); // the first attempt failed
      // Its SLA passes now, after the first pass (not before it, however slow the machine): it becomes overdue.
      await t.db.escalation.update({ where: { id }, data: { dueAt: new Date() } });
      await b.$disconnect();
      b = createDb(t.url);
      await until(
        () => Promise.resolve(hook.accepted.length >= 2),
        () => Promise.all([notifyOnce(a, options), notifyOnce(b, options)]),
      );
      // A little longer: nothing more arrives.
      for (let i = 0; i < 5; i++) await Promise.all([notifyOnce(a, options), notifyOnce(b, options)]);
    } finally {
      await a.$disconnect();
      await b.$disconnect();
    }

    expect(hook.requests()).toBe(5); // 3 failures, then each of the two events once
    const events = hook.accepted.map((r) => `${r.body.event} ${r.body.id}`).sort();
    expect(events).toEqual([`escalation.created ${id}`, `escalation.overdue ${id}`]);
    expect(hook.accepted.some((r) => r.body.id === old)).toBe(false);

    const created = hook.accepted.find((r) => r.body.event === "escalation.created")!;
    expect(created.body).toMatchObject({
      id,
      workflow: { id: wf.workflowId, name: "Refunds", version: 1 },
      runId: wf.runId,
      reason: "human_step",
      title: "Refund £40?",
      assigneeGroup: "support",
      link: `http://inbox.example.com/inbox?item=${id}`,
    });
    expect(Date.parse(created.body.dueAt!)).toBeGreaterThan(Date.parse(created.body.createdAt));
    expect(created.headers["content-type"]).toBe("application/json");
    expect(created.headers["x-switchyard-event"]).toBe("escalation.created");

    const rows = await t.db.webhookDelivery.findMany({ where: { escalationId: id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered"]);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(5);
    expect(rows.find((r) => r.attempts > 1)?.lastStatus).toBe(204);
    expect(new Set(hook.accepted.map((r) => r.headers["x-switchyard-delivery"]))).toEqual(new Set(rows.map((r) => r.id)));
    expect(await deliveryCounts(t.db)).toEqual({ pending: 0, delivered: 2, failed: 0 });
  });

  it("gives up after the last attempt and says why", async () => {
    const closed = await receiver(0);
    await closed.close(); // nothing listens there any more
    await setWebhookUrl(t.db, closed.url);
    const wf = await fixtureWorkflow(t.db, "Unreachable");
    const id = await fixtureEscalation(t.db, wf, { title: "Nobody hears this" });
    const quick = { ...options, sender: { ...options.sender!, maxAttempts: 2 } };
    await until(
      async () => (await t.db.webhookDelivery.findFirst({ where: { escalationId: id } }))?.status === "failed",
      () => notifyOnce(t.db, quick),
    );
    const row = await t.db.webhookDelivery.findFirstOrThrow({ where: { escalationId: id } });
    expect(row).toMatchObject({ attempts: 2, lastStatus: null, lastError: "ECONNREFUSED" });
  });

  it("announces an SLA missed (timeout route or still waiting), not one decided in time, nor what came while off", async () => {
    const wf = await fixtureWorkflow(t.db, "Deadlines");
    const hook2 = await receiver(0);
    try {
      await setWebhookUrl(t.db, null);
      const whileOff = await fixtureEscalation(t.db, wf, { title: "While off" });
      await setWebhookUrl(t.db, hook2.url);
      await notifyOnce(t.db, options); // on again from now
      const soon = 0.005; // due in 300 ms
      const timedOut = await fixtureEscalation(t.db, wf, { title: "Timed out", dueInMinutes: soon });
      const decided = await fixtureEscalation(t.db, wf, { title: "Decided in time", dueInMinutes: soon });
      await t.db.escalation.update({
        where: { id: decided },
        data: { status: "resolved", resolvedBy: "ann", resolvedAt: new Date() },
      });
      await new Promise((r) => setTimeout(r, 400));
      await t.db.escalation.update({
        where: { id: timedOut },
        data: { status: "resolved", resolvedBy: "sla", resolvedAt: new Date() },
      });
      await until(
        () => Promise.resolve(hook2.accepted.length >= 3),
        () => notifyOnce(t.db, options),
      );
      for (let i = 0; i < 3; i++) await notifyOnce(t.db, options);
      const got = hook2.accepted.map((r) => `${r.body.event} ${r.body.title}`).sort();
      expect(got).toEqual(["escalation.created Decided in time", "escalation.created Timed out", "escalation.overdue Timed out"]);
      expect(hook2.accepted.some((r) => r.body.id === whileOff)).toBe(false);
    } finally {
      await hook2.close();
    }
  });
});
