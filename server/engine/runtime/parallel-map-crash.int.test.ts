/**
 * A map step through SIGKILLs: a worker process goes through a list of items 16 at a time, creating a ticket per item
 * (a tool that is not idempotent; the ticketing server honours idempotency keys and is set so), and is killed again
 * and again. After a restart only unfinished items run again: the call log shows each item's ticket created exactly
 * once (a re-sent key is answered from the first call), and the results hold every item in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { demoWorld, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { spawnWorker } from "../../test/worker-process";

const ITEMS = Number(process.env.MAP_CRASH_ITEMS ?? 1000);
const KILLS = Number(process.env.MAP_CRASH_KILLS ?? 5);

const definition = {
  schemaVersion: 1,
  name: "A ticket per item",
  startAt: "each",
  states: {
    each: {
      type: "map",
      items: "{% $input.items %}",
      maxConcurrency: 16,
      itemBody: {
        startAt: "ticket",
        states: {
          ticket: {
            type: "tool",
            server: "ticketing",
            tool: "create_ticket",
            input: { customerId: "cust_001", subject: "{% 'Item ' & $string($item) %}", body: "map crash test" },
            timeoutMs: 60_000,
            retry: { maxAttempts: 5, initialDelayMs: 200, backoffRate: 2, maxDelayMs: 2_000, jitter: "full" },
            assign: { ticket: "{% $result %}" },
            next: "done",
          },
          done: { type: "succeed", output: "{% $item %}" },
        },
      },
      assign: { done: "{% $results %}" },
      next: "end",
    },
    end: { type: "succeed", output: { count: "{% $count($done) %}", ordered: "{% $done = $input.items %}" } },
  },
} as unknown as WorkflowDefinition;

let world: DemoWorld;
beforeAll(async () => {
  world = await demoWorld("sqlite", { definition, startEngine: false, honoursKeys: ["ticketing"] });
});
afterAll(async () => {
  await world.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const status = async (runId: string) => (await world.t.db.run.findUniqueOrThrow({ where: { id: runId } })).status;
const finishedItems = (runId: string) =>
  world.t.db.run.count({ where: { id: { startsWith: `${runId}.each.` }, status: "succeeded" } });

describe("a map step through SIGKILLs", () => {
  it(`goes through ${ITEMS} items 16 at a time through ${KILLS} SIGKILLs, no item lost or repeated`, async () => {
    const version = await world.t.db.workflowVersion.findFirstOrThrow({ where: { workflowId: world.workflowId } });
    const items = Array.from({ length: ITEMS }, (_, i) => i);
    const runId = await world.engine.enqueueRun({ workflowId: world.workflowId, versionId: version.id, input: { items } });
    let kills = 0;
    // Killed while items are in flight: each time after a few more items finished.
    while (kills < KILLS && (await status(runId)) !== "succeeded") {
      const worker = spawnWorker(world);
      const before = await finishedItems(runId);
      const target = before + Math.ceil(ITEMS / (KILLS + 2));
      const deadline = Date.now() + 120_000;
      while ((await finishedItems(runId)) < target && Date.now() < deadline) await sleep(100 + Math.random() * 200);
      worker.kill("SIGKILL");
      await new Promise((r) => worker.once("exit", r));
      kills++;
    }
    const survivor = spawnWorker(world);
    try {
      const deadline = Date.now() + 600_000;
      while ((await status(runId)) !== "succeeded" && Date.now() < deadline) await sleep(250);
    } finally {
      survivor.kill("SIGTERM");
      await new Promise((r) => survivor.once("exit", r));
    }
    const run = await world.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: unknown }).value).toEqual({ count: ITEMS, ordered: true });
    expect(kills).toBe(KILLS);
    const created = readCallLog(world.stateDir, "ticketing").filter(
      (c) => c.tool === "create_ticket" && c.executed && !c.replayed,
    );
    const perKey = new Map<string, number>();
    for (const c of created) perKey.set(c.idempotencyKey ?? "", (perKey.get(c.idempotencyKey ?? "") ?? 0) + 1);
    expect([...perKey.values()].filter((n) => n > 1)).toEqual([]);
    expect([...perKey.keys()].sort()).toEqual(items.map((i) => `${runId}.each.1.${i}:ticket:1`).sort());
    // Nobody was asked about an outcome: every call left in flight was sent again with its key.
    expect(await world.t.db.escalation.count()).toBe(0);
  }, 900_000);
});
