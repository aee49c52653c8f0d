/**
 * Crash safety: a worker process is SIGKILLed again and again at random
 * moments while it executes 50 runs of the demo workflow. Nothing committed is
 * lost, every run finishes, and no side effect happens twice (the demo
 * servers' call logs are the witness).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ADA, demoWorld, escalationSummary, stressDemo, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const KILLS = Number(process.env.CRASH_KILLS ?? 20);

const definition = stressDemo();

let world: DemoWorld;
beforeAll(async () => {
  world = await demoWorld("sqlite", { definition, startEngine: false });
});
afterAll(async () => {
  await world.dispose();
});

/** The workers' "ready" lines: how long the engine took to start (recovery included) and the whole process. */
const readyLines: { engineMs: number; processMs: number }[] = [];

/** A worker, and a promise that resolves when it says it is ready (its recovery done) or exits. */
function spawnWorker(): { worker: ChildProcess; ready: Promise<void> } {
  const worker = spawnProcess();
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

function spawnProcess(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: world.t.url,
      SWITCHYARD_SECRET_KEY: world.secretKey,
      SWITCHYARD_POLL_MS: "50",
      DATA_DIR: world.stateDir,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function counts() {
  const rows = await world.t.db.run.groupBy({ by: ["status"], _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}

describe("crash safety", () => {
  it(`finishes ${RUNS} runs through ${KILLS} SIGKILLs, with no side effect twice`, async () => {
    const version = await world.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++)
      ids.push(await world.engine.enqueueRun({ workflowId: world.workflowId, versionId: version.id, input: ADA }));

    let kills = 0;
    while (kills < KILLS) {
      const { worker, ready } = spawnWorker();
      // Killed at a random moment of its work: during its start and recovery (1 in 4), or while it executes runs.
      if (Math.random() < 0.25) await sleep(Math.random() * 3000);
      else {
        await Promise.race([ready, sleep(30_000)]);
        await sleep(Math.random() * 700);
      }
      worker.kill("SIGKILL");
      await new Promise((r) => worker.once("exit", r));
      kills++;
      const c = await counts();
      if ((c.succeeded ?? 0) === RUNS) break;
    }
    const restartedAt = Date.now();
    const { worker: survivor } = spawnWorker();
    try {
      const deadline = Date.now() + 120_000;
      while (((await counts()).succeeded ?? 0) < RUNS && Date.now() < deadline) await sleep(250);
    } finally {
      survivor.kill("SIGTERM");
      await new Promise((r) => survivor.once("exit", r));
    }

    console.info(`crash test: ${kills} SIGKILLs during ${RUNS} runs; ${await resumeFigures(restartedAt)}`);
    expect(await counts(), await escalationSummary(world)).toEqual({ succeeded: RUNS });
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
