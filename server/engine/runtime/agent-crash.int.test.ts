/**
 * An agent survives a SIGKILL: a worker is killed right after the model's first
 * answer was committed (its tool call or the next model call in flight); the
 * next worker resumes the agent from that turn. The scripted model server (in
 * this process, so it outlives the workers) is the witness that the committed
 * turn was never asked again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { ADA, demoWorld, type DemoWorld } from "../../test/demo-setup";
import { agentWorkflow, ensureCatalog, registerScripted, SCRIPTED_KEY, TRIAGE_TURNS } from "../../test/agent-fixtures";
import Database from "better-sqlite3";
import { storePath } from "@/examples/mcp-servers/shared/state-store";
import { spawnWorker } from "../../test/worker-process";

/** The second turn is slow, so the kill finds the agent between committed turns. */
const scenarios: Scenario[] = [
  {
    model: "crash",
    turns: [
      TRIAGE_TURNS[0]!,
      ...(Array.isArray(TRIAGE_TURNS[1]) ? [TRIAGE_TURNS[1].map((a) => ({ ...a, delayMs: 1500 }))] : []),
      TRIAGE_TURNS[2]!,
    ],
  },
  {
    // A refund (not idempotent) whose server commits it and then never answers: the worker dies during the call.
    model: "crash-refund",
    turns: [
      { toolCalls: [{ name: "orders__issue_refund", args: { orderId: "ORD-1001", amount: 5, reason: "damaged" } }] },
      { text: '{"category":"damaged","priority":"high","reply":"Refunded."}' },
    ],
  },
];

let world: DemoWorld | null = null;
let model: ModelServer | null = null;
afterEach(async () => {
  await world?.dispose();
  await model?.close();
  world = null;
  model = null;
});

describe.each(PROVIDERS)("an agent across a crash on %s", (provider) => {
  it("resumes from the last committed turn without asking the model again for it", async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    const m = model;
    const w = await demoWorld(provider, { definition: agentWorkflow("crash"), startEngine: false });
    world = w;
    await ensureCatalog(w);
    await registerScripted(w, m, scenarios);
    const version = await w.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: w.workflowId } });
    const runId = await w.engine.enqueueRun({ workflowId: w.workflowId, versionId: version.id, input: ADA });
    const committedAnswers = async () =>
      (await w.t.db.transition.findMany({ where: { runId } })).filter((t) => (t.event as { type: string }).type === "model_done");

    const first = spawnWorker(w, { leaseMs: 1500 });
    try {
      await until(
        async () => ((await committedAnswers()).length >= 1 ? true : null),
        "the first committed model answer",
        120_000,
        50,
      );
    } finally {
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
    }
    const committedBeforeKill = (await committedAnswers()).length;
    const second = spawnWorker(w, { leaseMs: 1500 });
    try {
      await until(
        async () => {
          const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "succeeded" || run.status === "failed" || run.status === "waiting" ? run : null;
        },
        "the run to finish",
        120_000,
        50,
      );
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }

    const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    const turns = m.requests.filter((r) => r.model === "crash").map((r) => r.turn);
    // Every turn committed before the kill was asked exactly once; only a turn in flight at the kill may be asked twice.
    for (let turn = 0; turn < committedBeforeKill; turn++) expect(turns.filter((t) => t === turn)).toHaveLength(1);
    expect(turns.filter((t) => t === 2)).toHaveLength(1);
    expect(await committedAnswers()).toHaveLength(3);
    const transitions = await w.t.db.transition.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(transitions.map((t) => t.seq)).toEqual(transitions.map((_, i) => i + 1));
  }, 300_000);

  it("does not repeat a non-idempotent tool call in flight at the kill, nor the committed model turn", async () => {
    model = await startModelServer({ scenarios, apiKey: SCRIPTED_KEY });
    const m = model;
    const w = await demoWorld(provider, {
      definition: agentWorkflow("crash-refund", { tools: [{ server: "orders", tool: "issue_refund", approval: "never" }] }),
      startEngine: false,
      faults: { orders: { DEMO_HANG: "1", DEMO_FAULT_PHASE: "after", DEMO_FAULT_TOOLS: "issue_refund" } },
    });
    world = w;
    await ensureCatalog(w, ["orders"]);
    await registerScripted(w, m, scenarios);
    const version = await w.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: w.workflowId } });
    const runId = await w.engine.enqueueRun({ workflowId: w.workflowId, versionId: version.id, input: ADA });
    const refunds = () => {
      const db = new Database(storePath(w.stateDir, "orders"), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM refunds WHERE order_id = 'ORD-1001'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = refunds();
    const first = spawnWorker(w, { leaseMs: 1500 });
    try {
      // The refund is committed at the orders server and its call hangs: the worker dies during it.
      await until(() => Promise.resolve(refunds() > before ? true : null), "the refund to be made", 120_000, 50);
    } finally {
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
    }
    const second = spawnWorker(w, { leaseMs: 1500 });
    try {
      await until(
        async () => {
          const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
          return run.status === "waiting" || run.status === "failed" || run.status === "succeeded" ? run : null;
        },
        "the run to wait for a person",
        120_000,
        50,
      );
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }
    const run = await w.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    // Not called again: a person decides (retry with the same key, or give the model an answer).
    expect(run.status).toBe("waiting");
    expect(refunds()).toBe(before + 1);
    const attempts = await w.t.db.stepAttempt.findMany({ where: { runId, tool: "issue_refund" } });
    expect(attempts.map((a) => a.status)).toEqual(["unknown"]);
    const open = await w.t.db.escalation.findFirstOrThrow({ where: { runId, status: "open" } });
    expect(open.reason).toBe("outcome_unknown");
    // The committed model turn was asked once.
    expect(m.requests.filter((r) => r.model === "crash-refund").map((r) => r.turn)).toEqual([0]);
  }, 300_000);
});
