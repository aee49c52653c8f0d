/**
 * A schedule trigger with three worker processes on PostgreSQL: every tick
 * starts exactly one run, whichever worker sees it first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { POSTGRES_URL } from "../test/databases";
import { demoWorld, type DemoWorld } from "../test/demo-setup";
import { FOLLOW_UP } from "../test/coordination-fixtures";
import { createTrigger, setTriggerPaused } from "./triggers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(POSTGRES_URL)("a schedule with three workers on PostgreSQL", () => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await demoWorld("postgresql", { definition: FOLLOW_UP, startEngine: false });
  });
  afterAll(async () => {
    await world.dispose();
  });

  const spawnWorker = (): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: world.t.url,
        SWITCHYARD_SECRET_KEY: world.secretKey,
        SWITCHYARD_POLL_MS: "50",
        DATA_DIR: world.stateDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });

  it("fires once per tick", async () => {
    const db = world.t.db;
    const workers = [spawnWorker(), spawnWorker(), spawnWorker()];
    try {
      // Wait until the three have started (each logs nothing here; their engines poll as soon as they are up).
      await sleep(6_000);
      const { id } = await createTrigger(db, {
        workflowId: world.workflowId,
        config: { kind: "schedule", cron: "* * * * * *", timezone: "UTC", input: { customerId: "{% $event.payload.tick %}" } },
      });
      await sleep(5_500);
      await setTriggerPaused(db, { id, paused: true });
      await sleep(1_000);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
      await Promise.all(workers.filter((w) => w.exitCode === null).map((w) => new Promise((r) => w.once("exit", r))));
    }
    const runs = await db.run.findMany({ where: { workflowId: world.workflowId } });
    const ticks = runs.map((r) => (r.input as { customerId: string }).customerId).sort();
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    const firings = await db.triggerFiring.count();
    expect(firings).toBe(ticks.length);
  }, 90_000);
});
