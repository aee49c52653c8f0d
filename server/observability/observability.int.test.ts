/**
 * Logs, metrics, breaker history and readiness after real runs against a flaky demo server (half of the orders
 * server's calls fail, seeded): the figures must match the step records exactly.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import parsePrometheusTextFormat, { type PromFamily } from "parse-prometheus-text-format";
import { demoWorld, settle, type DemoWorld } from "../test/demo-setup";
import { PROVIDERS } from "../test/databases";
import { until } from "../test/until";
import { startRun } from "../services/runs/runs";
import { CHECK_ORDER as definition } from "../test/check-order";
import { createLogger, setLogger } from "./logger";
import { metricsResponse } from "./metrics-http";
import { getMetrics } from "./metrics";
import { readiness } from "./health";

type Line = Record<string, unknown> & { kind?: string; msg?: string };
const lines: Line[] = [];
setLogger(
  createLogger({
    level: "info",
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Line);
        done();
      },
    }),
  }),
);

function family(families: PromFamily[], name: string): PromFamily {
  const f = families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} in the metrics`);
  return f;
}

function sum(f: PromFamily, labels: Record<string, string>): number {
  return f.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((s, m) => s + Number(m.value ?? m.count ?? 0), 0);
}

describe.each(PROVIDERS)("observability on %s", (provider) => {
  let world: DemoWorld;
  let ids: string[] = [];
  beforeAll(async () => {
    world = await demoWorld(provider, {
      definition,
      faults: { orders: { DEMO_FAILURE_RATE: "0.5", DEMO_SEED: "7", DEMO_FAILURE_KIND: "protocol_error" } },
      breaker: { window: 10, failureRate: 0.3, minCalls: 5, coolDownMs: 300 },
    });
    ids = await Promise.all(
      Array.from(
        { length: 6 },
        async () =>
          (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { orderId: "ORD-1001" } })).runId,
      ),
    );
    for (const id of ids) await settle(world, id, 60_000, (s) => s === "succeeded" || s === "failed");
    // A run's last transition is in the database a moment before its log line and metrics: let the engine finish.
    await world.engine.idle();
    // Breaker history rows are written beside the runs, after their commits: await the last change (closed).
    await until(
      async () =>
        (await world.t.db.breakerEvent.findFirst({ where: { server: "orders" }, orderBy: { at: "desc" } }))?.to === "closed",
      "the breaker's last change (closed) to be recorded",
    );
  });
  afterAll(async () => {
    await world.dispose();
  });

  it("logs every transition and tool call with run, workflow, version, state and attempt", async () => {
    const transitions = await world.t.db.transition.count({ where: { runId: { in: ids } } });
    const mine = lines.filter((l) => ids.includes(l.runId as string));
    expect(mine.filter((l) => l.kind === "transition")).toHaveLength(transitions);
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId: { in: ids } } });
    const calls = mine.filter((l) => l.kind === "tool_call");
    expect(calls).toHaveLength(attempts.length);
    for (const a of attempts) {
      const line = calls.find((l) => l.runId === a.runId && l.attempt === a.attempt && l.stateId === a.stateId);
      expect(line, `log line of ${a.runId} attempt ${a.attempt}`).toMatchObject({
        workflowId: world.workflowId,
        version: 1,
        server: "orders",
        tool: "get_order",
        outcome: a.status,
      });
      if (a.status === "failed") expect(line?.errorKind).toBe((a.error as { kind: string }).kind);
    }
    const failed = attempts.filter((a) => a.status === "failed" && (a.error as { kind: string }).kind !== "breaker_open");
    expect(failed.length).toBeGreaterThan(0);
    expect(mine.filter((l) => l.kind === "retry").length).toBeGreaterThan(0);
    const breakerLines = lines.filter((l) => l.kind === "breaker" && l.server === "orders");
    expect(breakerLines.map((l) => l.to)).toContain("open");
  });

  it("records the breaker's history", async () => {
    const events = await world.t.db.breakerEvent.findMany({ where: { server: "orders" }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.to)).toContain("open");
    expect(events.map((e) => e.to)).toContain("half_open");
    expect(events.at(-1)?.to).toBe("closed"); // every run finished: the last probe closed it
  });

  it("serves metrics in Prometheus text that match the step records", async () => {
    const res = await metricsResponse(new Request("http://x/api/metrics"), world.t.db, undefined);
    expect(res.status).toBe(200);
    const families = parsePrometheusTextFormat(await res.text());
    const wf = world.workflowId;
    const transitions = await world.t.db.transition.count({ where: { runId: { in: ids } } });
    expect(sum(family(families, "switchyard_transitions_total"), { workflow: wf })).toBe(transitions);
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId: { in: ids } } });
    const outcomes = family(families, "switchyard_step_outcomes_total");
    for (const status of ["succeeded", "failed"])
      expect(sum(outcomes, { workflow: wf, state: "check", outcome: status })).toBe(
        attempts.filter((a) => a.status === status).length,
      );
    // The parser keeps a histogram's buckets but drops its labels: read this workflow's count from the registry itself.
    expect(family(families, "switchyard_step_latency_seconds").type).toBe("HISTOGRAM");
    const latency = await getMetrics().stepLatency.get();
    const counted = latency.values.find((v) => v.metricName?.endsWith("_count") && v.labels.workflow === wf);
    expect(counted?.value).toBe(attempts.length);
    const errors = attempts.filter((a) => a.status === "failed" && (a.error as { kind: string }).kind !== "breaker_open");
    // Other suites in this process use the same server name: compare this world's increase only where labels are unique.
    expect(
      sum(family(families, "switchyard_mcp_call_errors_total"), { server: "orders", tool: "get_order" }),
    ).toBeGreaterThanOrEqual(errors.length);
    expect(family(families, "switchyard_breaker_state").metrics).toContainEqual({ labels: { server: "orders" }, value: "0" });
    expect(sum(family(families, "switchyard_runs"), { status: "succeeded" })).toBe(ids.length);
    expect(sum(family(families, "switchyard_queue_depth"), {})).toBe(0);
    expect(family(families, "switchyard_stuck_runs").metrics.map((m) => m.labels?.reason)).toContain("human_sla");
    expect(family(families, "switchyard_open_escalations").type).toBe("GAUGE");
    expect(family(families, "switchyard_leases").type).toBe("GAUGE");
  });

  it("asks for the bearer token when SWITCHYARD_METRICS_TOKEN is set", async () => {
    const token = "a-metrics-token-of-some-length";
    expect((await metricsResponse(new Request("http://x/api/metrics"), world.t.db, token)).status).toBe(401);
    const wrong = new Request("http://x/api/metrics", { headers: { authorization: "Bearer nope" } });
    expect((await metricsResponse(wrong, world.t.db, token)).status).toBe(401);
    const right = new Request("http://x/api/metrics", { headers: { authorization: `Bearer ${token}` } });
    expect((await metricsResponse(right, world.t.db, token)).status).toBe(200);
  });

  it("is ready with the database migrated and the executor running, and says which check fails", async () => {
    expect(await readiness(world.t.db, provider, "running")).toMatchObject({ ready: true });
    const starting = await readiness(world.t.db, provider, "starting");
    expect(starting.ready).toBe(false);
    expect(starting.checks.find((c) => !c.ok)?.name).toBe("executor");
    const last = await world.t.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    const name = last[0]!.migration_name;
    await world.t.db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET migration_name = 'renamed' WHERE migration_name = '${name}'`,
    );
    const behind = await readiness(world.t.db, provider, "running");
    await world.t.db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET migration_name = '${name}' WHERE migration_name = 'renamed'`,
    );
    expect(behind.ready).toBe(false);
    expect(behind.checks.find((c) => c.name === "migrations")?.detail).toContain(name);
  });
});
