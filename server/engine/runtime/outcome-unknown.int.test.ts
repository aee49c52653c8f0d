/**
 * A non-idempotent call interrupted by a crash is never sent again: a worker
 * is SIGKILLed while `issue_refund` (not idempotent; the demo server runs it,
 * then hangs) is in flight; the next worker finds the started attempt and
 * hands the run to a person with "outcome unknown". The orders server's call
 * log is the witness that the refund was requested exactly once. Also prints
 * how long after the restart the interrupted run moved on (not asserted).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { ADA, demoWorld, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { spawnWorker } from "../../test/worker-process";

const startWorker = (w: DemoWorld) => spawnWorker(w, { leaseMs: 1500, stdout: "pipe" });

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

describe.each(PROVIDERS)("a crash during a non-idempotent call on %s", (provider) => {
  it("does not send the call again and hands the run to a person with outcome unknown", async () => {
    const w = await demoWorld(provider, {
      startEngine: false,
      faults: { orders: { DEMO_HANG: "1", DEMO_FAULT_TOOLS: "issue_refund", DEMO_FAULT_PHASE: "after" } },
    });
    world = w;
    let ready = "";
    const watch = (worker: ChildProcess) =>
      worker.stdout?.setEncoding("utf8").on("data", (text: string) => {
        ready = /engine started in .*/.exec(text)?.[0] ?? ready;
      });
    const version = await w.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: w.workflowId } });
    const runId = await w.engine.enqueueRun({ workflowId: w.workflowId, versionId: version.id, input: ADA });
    const key = `${runId}:refund:1`;
    const refunds = () => readCallLog(w.stateDir, "orders").filter((c) => c.tool === "issue_refund" && c.idempotencyKey === key);

    const first = startWorker(w);
    try {
      // The refund request reached the server (which ran it, and now keeps the answer back).
      await until(() => Promise.resolve(refunds()[0]), "the refund call", 90_000, 50);
    } finally {
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
    }
    const restartedAt = Date.now();
    const second = startWorker(w);
    watch(second);
    try {
      await until(
        async () => {
          const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "waiting" ? run : null;
        },
        "the run to wait on a person",
        90_000,
        50,
      );
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }

    const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "waiting", currentState: "refund" });
    const escalation = await w.t.db.escalation.findFirstOrThrow({ where: { runId } });
    expect(escalation).toMatchObject({
      reason: "outcome_unknown",
      stateId: "refund",
      status: "open",
      // Named by the step's title; what is known (the request was handed over, when) and what is not.
      title: 'Did "Refund the order" happen? The outcome is unknown',
    });
    expect(escalation.message).toMatch(/^Known: Its request was handed to "orders" at \d{4}-\d\d-\d\dT/);
    expect(escalation.message).toContain(`Not known: whether "orders" carried out "Refund the order"`);
    expect(escalation.message).toContain(key);
    const attempts = await w.t.db.stepAttempt.findMany({ where: { runId, stateId: "refund" } });
    expect(attempts.map((a) => a.status)).toEqual(["unknown"]);
    expect(attempts[0]?.sentAt).toBeInstanceOf(Date);
    expect(refunds()).toHaveLength(1); // requested once, never re-sent
    const transitions = await w.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => t.seq)).toEqual(transitions.map((_, i) => i + 1));
    const resumed = transitions.find((t) => (t.event as { type: string }).type === "call_outcome_unknown");
    expect(resumed).toBeDefined();
    console.info(
      `outcome unknown (${provider}): the interrupted run moved on ${resumed!.createdAt.getTime() - restartedAt} ms after the ` +
        `restart (process start included${provider === "postgresql" ? "; lease 1.5 s" : ""}); the worker: ${ready}`,
    );
  }, 240_000);
  it("re-sends the call with the same key when the server honours idempotency keys, and nobody is asked", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "honours-keys-"));
    const faults = path.join(dir, "orders.json");
    writeFileSync(faults, JSON.stringify({ DEMO_HANG: 1, DEMO_FAULT_TOOLS: "issue_refund", DEMO_FAULT_PHASE: "after" }));
    const w = await demoWorld(provider, {
      startEngine: false,
      faults: { orders: { DEMO_FAULTS_FILE: faults } },
      honoursKeys: ["orders"],
    });
    world = w;
    const version = await w.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: w.workflowId } });
    const runId = await w.engine.enqueueRun({ workflowId: w.workflowId, versionId: version.id, input: ADA });
    const key = `${runId}:refund:1`;
    const refunds = () => readCallLog(w.stateDir, "orders").filter((c) => c.tool === "issue_refund" && c.idempotencyKey === key);
    const first = startWorker(w);
    try {
      await until(() => Promise.resolve(refunds()[0]), "the refund call", 90_000, 50);
    } finally {
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
    }
    writeFileSync(faults, "{}"); // the server answers again
    const second = startWorker(w);
    try {
      await until(
        async () => {
          const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "succeeded" || run.status === "failed" || run.status === "waiting" ? run : null;
        },
        "the run to finish",
        90_000,
        50,
      );
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }
    expect((await w.t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("succeeded");
    expect(await w.t.db.escalation.count({ where: { runId } })).toBe(0);
    // Sent twice with the same key; the server did the refund once and replayed its answer the second time.
    const sent = refunds();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ replayed: true });
    expect(sent.filter((c) => c.executed && !c.replayed).length).toBeLessThanOrEqual(1);
    rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
