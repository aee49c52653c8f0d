/**
 * Crash safety: a worker process is SIGKILLed again and again at random
 * moments while it executes 50 runs of the demo workflow. Nothing committed is
 * lost, every run finishes, and no side effect happens twice (the demo
 * servers' call logs are the witness).
 *
 * The workflow's writing steps (refund, ticket, email) are NOT marked idempotent; the demo servers honour
 * idempotency keys and are set so (Servers page): no "outcome unknown" item may appear. A second, shorter chaos run
 * with the servers NOT set to honour keys may ask people about calls that were handed to a server, but never about
 * a call whose request was not sent (its attempt has no sentAt): those are simply made again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { ADA, demoWorld, escalationSummary, stressDemo, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { setHonoursKeys } from "../../services/servers/idempotency-settings";
import { spawnWorker } from "../../test/worker-process";

const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const KILLS = Number(process.env.CRASH_KILLS ?? 20);

/** The stress workflow with its writing steps left as the tools' annotations say: not idempotent. */
function notMarkedIdempotent(): WorkflowDefinition {
  const def = stressDemo();
  const states = Object.fromEntries(
    Object.entries(def.states).map(([id, s]) => {
      if (s.type !== "tool") return [id, s];
      const { idempotent: _declared, ...rest } = s;
      return [id, rest];
    }),
  ) as WorkflowDefinition["states"];
  return { ...def, states };
}

const definition = notMarkedIdempotent();
const WRITES = ["orders", "ticketing", "email"];

let world: DemoWorld;
beforeAll(async () => {
  world = await demoWorld("sqlite", { definition, startEngine: false, honoursKeys: WRITES });
});
afterAll(async () => {
  await world.dispose();
});

/** The workers' "ready" lines: how long the engine took to start (recovery included) and the whole process. */
const readyLines: { engineMs: number; processMs: number }[] = [];

/** A worker, and a promise that resolves when it says it is ready (its recovery done) or exits. */
function startWorker(): { worker: ChildProcess; ready: Promise<void> } {
  const worker = spawnWorker(world, { stdout: "pipe" });
  const ready = new Promise<void>((resolve) => {
    worker.once("exit", () => resolve());
    worker.stdout?.setEncoding("utf8").on("data", (text: string) => {
      const m = /engine started in (\d+) ms.*?, (\d+) ms after the process started/.exec(text);
      if (!m) return;
      readyLines.push({ engineMs: Number(m[1]), processMs: Number(m[2]) });
      resolve();
    });
  });
  return { worker, ready };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function counts(runIds?: string[]) {
  const rows = await world.t.db.run.groupBy({
    by: ["status"],
    _count: true,
    ...(runIds ? { where: { id: { in: runIds } } } : {}),
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}

/** The outcome-unknown items of these runs, with whether their attempt's request had been handed to the transport. */
async function outcomeUnknown(runIds: string[]) {
  const items = await world.t.db.escalation.findMany({
    where: { runId: { in: runIds }, reason: "outcome_unknown" },
    select: { runId: true, stateId: true, details: true },
  });
  return Promise.all(
    items.map(async (e) => {
      const call = (e.details as { call?: { visit: number; attempt: number; purpose: string } } | null)?.call;
      const attempt = call
        ? await world.t.db.stepAttempt.findFirst({
            where: { runId: e.runId, stateId: e.stateId, visit: call.visit, attempt: call.attempt, purpose: call.purpose },
            select: { sentAt: true },
          })
        : null;
      return { ...e, sent: attempt?.sentAt !== null && attempt?.sentAt !== undefined };
    }),
  );
}

/** Enqueues `runs` runs, then SIGKILLs workers at random moments until they all settled or `kills` were made. */
async function chaos(runs: number, kills: number, settled: (c: Record<string, number>) => boolean) {
  const version = await world.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
  const ids: string[] = [];
  for (let i = 0; i < runs; i++)
    ids.push(await world.engine.enqueueRun({ workflowId: world.workflowId, versionId: version.id, input: ADA }));
  let made = 0;
  while (made < kills) {
    const { worker, ready } = startWorker();
    // Killed at a random moment of its work: during its start and recovery (1 in 4), or while it executes runs.
    if (Math.random() < 0.25) await sleep(Math.random() * 3000);
    else {
      await Promise.race([ready, sleep(30_000)]);
      await sleep(Math.random() * 700);
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    made++;
    if (settled(await counts(ids))) break;
  }
  const restartedAt = Date.now();
  const { worker: survivor } = startWorker();
  try {
    const deadline = Date.now() + 120_000;
    while (!settled(await counts(ids)) && Date.now() < deadline) await sleep(250);
  } finally {
    survivor.kill("SIGTERM");
    await new Promise((r) => survivor.once("exit", r));
  }
  return { ids, kills: made, restartedAt };
}

describe("crash safety", () => {
  it(`finishes ${RUNS} runs through ${KILLS} SIGKILLs, with no side effect twice and no outcome-unknown item`, async () => {
    const { ids, kills, restartedAt } = await chaos(RUNS, KILLS, (c) => (c.succeeded ?? 0) === RUNS);
    const unknown = await outcomeUnknown(ids);
    console.info(
      `crash test: ${kills} SIGKILLs during ${RUNS} runs; ${unknown.length} outcome-unknown items; ${await resumeFigures(restartedAt)}`,
    );
    // The servers honour idempotency keys: every call left in flight was sent again with its key, nobody was asked.
    expect(unknown).toEqual([]);
    expect(await counts(ids), await escalationSummary(world)).toEqual({ succeeded: RUNS });
    expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, 5));
    for (const [server, tool, state] of [
      ["orders", "issue_refund", "refund"],
      ["ticketing", "create_ticket", "log_ticket"],
      ["email", "send_email", "email_customer"],
    ] as const) {
      const log = readCallLog(world.stateDir, server).filter((c) => c.tool === tool && c.executed && !c.replayed);
      for (const id of ids) {
        expect(
          log.filter((c) => c.idempotencyKey === `${id}:${state}:1`),
          `${tool} of ${id}`,
        ).toHaveLength(1);
      }
    }
    // Every run's history is whole: transitions numbered 1..n with no gap.
    for (const id of ids) {
      const seqs = (
        await world.t.db.transition.findMany({ where: { runId: id }, select: { seq: true }, orderBy: { seq: "asc" } })
      ).map((t) => t.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  }, 600_000);

  it("without servers honouring keys, asks people only about calls whose requests were handed to a server", async () => {
    for (const server of WRITES) await setHonoursKeys(world.t.db, { server, honours: false });
    const runs = Math.max(10, Math.round(RUNS / 2));
    const kills = Math.max(5, Math.round(KILLS / 2));
    // Settled: every run finished or waits on a person (an outcome-unknown item).
    const { ids, kills: made } = await chaos(runs, kills, (c) => (c.succeeded ?? 0) + (c.waiting ?? 0) === runs);
    const unknown = await outcomeUnknown(ids);
    const waiting = await world.t.db.run.count({ where: { id: { in: ids }, status: "waiting" } });
    console.info(
      `crash test without keys honoured: ${made} SIGKILLs during ${runs} runs; ${unknown.length} outcome-unknown items ` +
        `(${unknown.filter((u) => u.sent).length} after the request was sent)`,
    );
    // A crash before the request was handed to the transport is a plain retry, never a question to a person.
    expect(unknown.filter((u) => !u.sent)).toEqual([]);
    expect(waiting).toBe(unknown.length);
    expect(await counts(ids), await escalationSummary(world)).toEqual({
      succeeded: runs - waiting,
      ...(waiting > 0 ? { waiting } : {}),
    });
    // Still nothing happened twice.
    for (const [server, tool, state] of [
      ["orders", "issue_refund", "refund"],
      ["ticketing", "create_ticket", "log_ticket"],
      ["email", "send_email", "email_customer"],
    ] as const) {
      const log = readCallLog(world.stateDir, server).filter((c) => c.tool === tool && c.executed && !c.replayed);
      for (const id of ids) expect(log.filter((c) => c.idempotencyKey === `${id}:${state}:1`).length).toBeLessThanOrEqual(1);
    }
  }, 600_000);
});

/**
 * How quickly interrupted runs resume after a restart (measured, printed, not asserted): the engine's start with its
 * recovery, per worker that got that far, and for the last worker, from its spawn to its first committed transition.
 */
async function resumeFigures(restartedAt: number): Promise<string> {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const first = await world.t.db.transition.findFirst({
    where: { createdAt: { gte: new Date(restartedAt) } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const engine = readyLines.map((r) => r.engineMs);
  const boot = readyLines.map((r) => r.processMs);
  return (
    `${readyLines.length} workers got ready: engine start with recovery median ${median(engine)} ms (max ${Math.max(...engine)}), ` +
    `process start to ready median ${median(boot)} ms; last restart to its first transition ` +
    `${first ? `${first.createdAt.getTime() - restartedAt} ms` : "-"}`
  );
}
