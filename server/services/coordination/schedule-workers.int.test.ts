/**
 * A schedule trigger with three worker processes on PostgreSQL: every tick
 * starts exactly one run, whichever worker sees it first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_URL } from "../../test/databases";
import { demoWorld, type DemoWorld } from "../../test/demo-setup";
import { FOLLOW_UP } from "../../test/coordination-fixtures";
import { until } from "../../test/until";
import { createTrigger, setTriggerPaused } from "./triggers";
import { spawnWorker } from "../../test/worker-process";

describe.runIf(POSTGRES_URL)("a schedule with three workers on PostgreSQL", () => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await demoWorld("postgresql", { definition: FOLLOW_UP, startEngine: false });
  });
  afterAll(async () => {
    await world.dispose();
  });

  const startWorker = () => spawnWorker(world);

  it("fires once per tick", async () => {
    const db = world.t.db;
    const workers = [startWorker(), startWorker(), startWorker()];
    let created: number;
    let paused: number;
    try {
      const { id } = await createTrigger(db, {
        workflowId: world.workflowId,
        config: { kind: "schedule", cron: "* * * * * *", timezone: "UTC", input: { customerId: "{% $event.payload.tick %}" } },
      });
      created = Date.now();
      // The workers start (slowly on a loaded machine) and race for every tick: wait for three firings.
      await until(async () => (await db.triggerFiring.count()) >= 3, "three firings", 90_000);
      await setTriggerPaused(db, { id, paused: true });
      paused = Date.now();
      // A tick claimed just before the pause may still be committing: wait until the count holds for a second.
      let last = -1;
      await until(
        async () => {
          const n = await db.triggerFiring.count();
          const stable = n === last;
          last = n;
          return stable;
        },
        "the firings to stop after the pause",
        30_000,
        1_000,
      );
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
      await Promise.all(workers.filter((w) => w.exitCode === null).map((w) => new Promise((r) => w.once("exit", r))));
    }
    const runs = await db.run.findMany({ where: { workflowId: world.workflowId } });
    const ticks = runs.map((r) => (r.input as { customerId: string }).customerId).sort();
    expect(new Set(ticks).size).toBe(ticks.length); // never two runs for one tick, whichever worker fired it
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // At most one per second the trigger was live (plus the tick in progress at either end).
    expect(ticks.length).toBeLessThanOrEqual(Math.ceil((paused - created) / 1000) + 2);
    const firings = await db.triggerFiring.count();
    expect(firings).toBe(ticks.length);
  }, 180_000);
});
