/**
 * Stuck-run detection against real runs on the demo servers: each reason comes from a scenario (a person past the
 * SLA, retries for too long, an open breaker, a hanging call, an engine that stopped holding a run, no transition
 * for the workflow's own limit), becomes one alert (sent to the webhook, counted in the metrics), and is cleared when
 * the run moves again. The checker is given a later "now" instead of waiting minutes.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { cancelRun, startRun } from "../runs/runs";
import { resolveEscalation } from "../inbox/escalations";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { checkStuckRuns } from "./stuck-checker";
import { DEFAULT_STUCK_SETTINGS, type StuckSettings } from "./stuck-detector";
import { listAlerts, listStuckRunIds } from "./stuck-alerts";
import { notifyOnce } from "../inbox/webhook-notifier";
import type { StuckPayload } from "./stuck-webhook";

const MIN = 60_000;
const orders = (extra: object) => ({
  type: "tool",
  server: "orders",
  tool: "get_order",
  input: { orderId: "ORD-1001" },
  ...extra,
});
const definition = {
  schemaVersion: 1,
  name: "Stuck scenarios",
  input: { type: "object", properties: { path: { type: "string" } } },
  startAt: "route",
  states: {
    route: {
      type: "choice",
      choices: ["ask", "retry", "hang", "breaker"].map((p) => ({ when: `{% $input.path = '${p}' %}`, next: p })),
      default: "done",
    },
    ask: { type: "human", title: "Approve?", options: [{ id: "ok", label: "OK", next: "done" }], slaMinutes: 1 },
    retry: orders({
      retry: { maxAttempts: 5, initialDelayMs: 600_000, backoffRate: 1, maxDelayMs: 600_000, jitter: "none" },
      next: "done",
    }),
    hang: orders({ timeoutMs: 60_000, next: "done" }),
    breaker: orders({
      retry: { maxAttempts: 5, initialDelayMs: 10, backoffRate: 1, maxDelayMs: 10, jitter: "none", retryOn: ["protocol_error"] },
      breaker: { whenOpen: "wait" },
      next: "done",
    }),
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

/** Only this reason's threshold within reach: the others pushed far out. */
const only = (k: keyof StuckSettings, ms: number): StuckSettings => ({
  ...{ noProgressMs: 1e9, retryingMs: 1e9, breakerMs: 1e9, callMarginMs: 1e9, leaseGraceMs: 1e9 },
  [k]: ms,
});

describe.each(PROVIDERS)("stuck runs on %s", (provider) => {
  let world: DemoWorld;
  let faults: string;
  let receiver: Server;
  let url: string;
  const received: StuckPayload[] = [];

  beforeAll(async () => {
    faults = path.join(mkdtempSync(path.join(tmpdir(), "stuck-")), "faults.json");
    writeFileSync(faults, "{}");
    world = await demoWorld(provider, {
      definition,
      servers: ["orders"],
      faults: { orders: { DEMO_FAULTS_FILE: faults } },
      breaker: { window: 4, failureRate: 0.5, minCalls: 2, coolDownMs: 600_000 },
    });
    receiver = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const payload = JSON.parse(body) as StuckPayload;
        if (payload.event === "run.stuck") received.push(payload);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    await world.dispose();
    await new Promise((r) => receiver.close(r));
  });

  const start = async (p: string, workflowId = world.workflowId) =>
    (await startRun(world.t.db, world.engine, { workflowId, input: { path: p } })).runId;
  const reasonsOf = async (runId: string) => (await listAlerts(world.t.db)).filter((a) => a.runId === runId).map((a) => a.reason);
  const cancel = (runId: string) => cancelRun(world.t.db, world.engine, { runId, compensate: false, by: "test" });
  const attemptStarted = async (runId: string) => {
    const a = await until(
      () => world.t.db.stepAttempt.findFirst({ where: { runId, status: "started" } }),
      `a call in flight for ${runId}`,
      60_000,
    );
    return a.startedAt.getTime();
  };

  it("a person past the SLA: alert, webhook, metrics; cleared when the person decides", async () => {
    const env = { SWITCHYARD_WEBHOOK_URL: url };
    await notifyOnce(world.t.db, { env, baseUrl: "http://app.test" }); // notifications on from now
    const runId = await start("ask");
    await settle(world, runId);
    expect((await checkStuckRuns(world.t.db, { settings: DEFAULT_STUCK_SETTINGS })).raised).toBe(0); // within the SLA
    await checkStuckRuns(world.t.db, { now: Date.now() + 2 * MIN, settings: DEFAULT_STUCK_SETTINGS });
    expect(await reasonsOf(runId)).toEqual(["human_sla"]);
    expect(await listStuckRunIds(world.t.db, { reason: "human_sla" })).toEqual([runId]);
    const [alert] = await listAlerts(world.t.db);
    expect(alert).toMatchObject({
      runId,
      stateId: "ask",
      label: "Waiting for a person past the SLA",
      workflowName: "Stuck scenarios",
    });
    expect(alert?.message).toMatch(/^Waiting for a person at "Approve\?": the SLA passed/);
    // A second check (or another process) raises nothing new.
    expect((await checkStuckRuns(world.t.db, { now: Date.now() + 2 * MIN, settings: DEFAULT_STUCK_SETTINGS })).raised).toBe(0);

    await notifyOnce(world.t.db, { env, baseUrl: "http://app.test" });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: "run.stuck", runId, reason: "human_sla", link: `http://app.test/runs/${runId}` });
    expect(received[0]?.workflow).toMatchObject({ id: world.workflowId, name: "Stuck scenarios", version: 1 });

    const escalation = await world.t.db.escalation.findFirstOrThrow({ where: { runId } });
    await resolveEscalation(world.t.db, world.engine, {
      id: escalation.id,
      by: "test",
      resolution: { action: "option", optionId: "ok" },
    });
    await settle(world, runId, 90_000, (s) => s === "succeeded");
    const result = await checkStuckRuns(world.t.db, { now: Date.now() + 2 * MIN, settings: DEFAULT_STUCK_SETTINGS });
    expect(result.cleared).toBe(1);
    expect(await reasonsOf(runId)).toEqual([]);
    const cleared = await listAlerts(world.t.db, { cleared: true });
    expect(cleared.find((a) => a.runId === runId)?.clearedAt).not.toBeNull();
  });

  it("retrying for longer than the threshold; cleared when the run moves (cancelled)", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1 }));
    const runId = await start("retry");
    await settle(world, runId, 90_000, (s) => s === "retrying");
    const first = (await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId, attempt: 1 } })).startedAt.getTime();
    await checkStuckRuns(world.t.db, { now: first + 16 * MIN, settings: only("retryingMs", 15 * MIN) });
    expect(await reasonsOf(runId)).toEqual(["retrying_too_long"]);
    await cancel(runId);
    await checkStuckRuns(world.t.db, { now: first + 16 * MIN, settings: only("retryingMs", 15 * MIN) });
    expect(await reasonsOf(runId)).toEqual([]);
  });

  it("a tool call running past its timeout plus margin; cleared when the run moves", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_HANG: 1 }));
    const runId = await start("hang");
    const started = await attemptStarted(runId);
    await checkStuckRuns(world.t.db, { now: started + 60_000 + 29_000, settings: only("callMarginMs", 30_000) });
    expect(await reasonsOf(runId)).toEqual([]);
    await checkStuckRuns(world.t.db, { now: started + 60_000 + 31_000, settings: only("callMarginMs", 30_000) });
    expect(await reasonsOf(runId)).toEqual(["call_overrun"]);
    await cancel(runId);
    await checkStuckRuns(world.t.db, { now: started + 91_000, settings: only("callMarginMs", 30_000) });
    expect(await reasonsOf(runId)).toEqual([]);
  });

  it("a run whose engine stopped renewing its lease; cleared when the run moves", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_HANG: 1 }));
    const runId = await start("hang");
    await attemptStarted(runId);
    await world.engine.stop(); // the holder vanishes: no more heartbeats, the call is dropped
    const run = await world.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.leaseOwner).toBe(world.engine.workerId);
    const expired = run.leaseExpiresAt!.getTime();
    await checkStuckRuns(world.t.db, { now: expired + 31_000, settings: only("leaseGraceMs", 30_000) });
    expect(await reasonsOf(runId)).toEqual(["lease_lost"]);
    await world.engine.start();
    await cancel(runId);
    await checkStuckRuns(world.t.db, { now: expired + 31_000, settings: only("leaseGraceMs", 30_000) });
    expect(await reasonsOf(runId)).toEqual([]);
  });

  it("no transition for the workflow's own limit; cleared when the run moves", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_HANG: 1 }));
    const own = { ...definition, name: "Stuck after a minute", stuckAfterMinutes: 1 } as WorkflowDefinition;
    const { id } = await createWorkflow(world.t.db, { name: own.name, definition: own });
    await publishWorkflow(world.t.db, { id });
    const runId = await start("hang", id);
    await attemptStarted(runId);
    const settings = only("noProgressMs", 60 * MIN); // the global default would not fire
    await checkStuckRuns(world.t.db, { now: Date.now() + 2 * MIN, settings });
    expect(await reasonsOf(runId)).toEqual(["no_progress"]);
    await cancel(runId);
    await checkStuckRuns(world.t.db, { now: Date.now() + 2 * MIN, settings });
    expect(await reasonsOf(runId)).toEqual([]);
  });

  it("waiting on an open breaker; cleared when the run moves", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1, DEMO_FAILURE_KIND: "protocol_error" }));
    const runId = await start("breaker");
    await settle(world, runId, 90_000, (s) => s === "waiting");
    const state = (await world.t.db.run.findUniqueOrThrow({ where: { id: runId } })).state as { pending?: { reason?: string } };
    expect(state.pending?.reason).toBe("breaker");
    const opened = (await world.t.db.circuitBreaker.findUniqueOrThrow({ where: { server: "orders" } })).updatedAt.getTime();
    await checkStuckRuns(world.t.db, { now: opened + 6 * MIN, settings: only("breakerMs", 5 * MIN) });
    expect(await reasonsOf(runId)).toEqual(["breaker_open"]);
    await cancel(runId);
    await checkStuckRuns(world.t.db, { now: opened + 6 * MIN, settings: only("breakerMs", 5 * MIN) });
    expect(await reasonsOf(runId)).toEqual([]);
  });
});
