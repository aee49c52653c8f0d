/**
 * Named locks end to end with the demo CRM (each call slowed down): runs
 * needing customer:42 take turns (the CRM's call log shows no interleaving),
 * in the order they asked, while runs for another customer go on in parallel;
 * a cancelled holder gives the lock to the next run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { LOCKED_LOOKUP } from "../../test/coordination-fixtures";
import { startRun, cancelRun } from "../../services/runs/runs";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const spanOf = (w: DemoWorld, runId: string) => {
  const calls = readCallLog(w.stateDir, "crm").filter((c) => c.idempotencyKey?.startsWith(`${runId}:`));
  expect(calls, runId).toHaveLength(2);
  return {
    runId,
    start: Math.min(...calls.map((c) => Date.parse(c.startedAt))),
    end: Math.max(...calls.map((c) => Date.parse(c.finishedAt!))),
  };
};
/** Releases follow the commit of the run's last transition: wait for them. */
async function noClaimsLeft(w: DemoWorld) {
  await w.engine.idle();
  await until(async () => (await w.t.db.lockClaim.count()) === 0, "the lock claims to be released", 60_000).catch(() => null);
  expect(await w.t.db.lockClaim.findMany()).toEqual([]);
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

describe.each(PROVIDERS)("locks on %s", (provider) => {
  it("runs needing customer:42 take turns in order while another customer's runs go on in parallel", async () => {
    world = await demoWorld(provider, {
      definition: LOCKED_LOOKUP,
      servers: ["crm"],
      faults: { crm: { DEMO_LATENCY_MS: "250" } },
    });
    const w = world;
    const start = (lockFor: string) =>
      startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { lockFor, customerEmail: ADA.customerEmail } });
    const for42: string[] = [];
    for (let i = 0; i < 3; i++) for42.push((await start("42")).runId);
    const for7 = await Promise.all([start("7"), start("7b")]);
    for (const id of [...for42, ...for7.map((r) => r.runId)]) {
      expect((await settle(w, id, 60_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");
    }
    const spans42 = for42.map((id) => spanOf(w, id));
    for (let i = 0; i < spans42.length; i++)
      for (let j = i + 1; j < spans42.length; j++)
        expect(overlap(spans42[i]!, spans42[j]!), "customer:42 runs overlap").toBe(false);
    // First come, first served.
    expect([...spans42].sort((a, b) => a.start - b.start).map((s) => s.runId)).toEqual(for42);
    const spans7 = for7.map((r) => spanOf(w, r.runId));
    expect(
      spans7.some((s7) => spans42.some((s42) => overlap(s7, s42))),
      "other customers wait for nobody",
    ).toBe(true);
    await noClaimsLeft(w);
  });

  it("a run cancelled while holding the lock gives it to the next one, and its queue place is dropped", async () => {
    world = await demoWorld(provider, {
      definition: LOCKED_LOOKUP,
      servers: ["crm"],
      faults: { crm: { DEMO_LATENCY_MS: "1500" } },
    });
    const w = world;
    const start = () =>
      startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { lockFor: "42", customerEmail: ADA.customerEmail } });
    const holder = await start();
    await settle(w, holder.runId, 90_000, (s) => s === "running");
    const queued = await start();
    const last = await start();
    await settle(w, queued.runId, 90_000, (s) => s === "waiting");
    const waitingRun = await w.t.db.run.findUniqueOrThrow({ where: { id: queued.runId } });
    expect((waitingRun.state as { pending: { type: string; key: string } }).pending).toMatchObject({
      type: "lock",
      key: "customer:42",
    });
    await cancelRun(w.t.db, w.engine, { runId: last.runId, compensate: false, by: "test" });
    await cancelRun(w.t.db, w.engine, { runId: holder.runId, compensate: false, by: "test" });
    expect((await settle(w, queued.runId, 90_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");
    expect((await w.t.db.run.findUniqueOrThrow({ where: { id: last.runId } })).status).toBe("cancelled");
    await noClaimsLeft(w);
  });
});
