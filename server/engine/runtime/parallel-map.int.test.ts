/**
 * Parallel and map steps end to end: real database, the demo MCP servers as real processes, a fault switched off
 * between two attempts through a file the server reads. What the steps decide (each branch and item called once, with
 * its key; a map's results in order and off the parent's transitions; the collected-results limit) is tested on the
 * in-memory harness (parallel-map.test.ts); 1,000 items on a real database through SIGKILLs in
 * parallel-map-crash.int.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { startRun } from "../../services/runs/runs";
import { listEscalations, resolveEscalation } from "../../services/inbox/escalations";
import { ended, parallelLookup } from "./testing/fanout-fixtures";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

async function escalationOf(w: DemoWorld, runId: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [item] = (await listEscalations(w.t.db)).items.filter((e) => e.runId === runId);
    if (item) return item;
    if (Date.now() > deadline) throw new Error(`no escalation for ${runId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("retries of parallel steps", () => {
  it("a person's retry runs only the failed branch again; the branches that succeeded are not called again", async () => {
    const faults = path.join(mkdtempSync(path.join(tmpdir(), "faults-")), "orders.json");
    writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1, DEMO_FAULT_TOOLS: "get_order" }));
    world = await demoWorld("sqlite", {
      definition: parallelLookup,
      servers: ["crm", "orders", "docs"],
      faults: { orders: { DEMO_FAULTS_FILE: faults } },
    });
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const item = await escalationOf(world, runId);
    writeFileSync(faults, "{}");
    await resolveEscalation(world.t.db, world.engine, { id: item.id, by: "sam", resolution: { action: "retry" } });
    const run = await settle(world, runId, 60_000, ended);
    expect(run.status).toBe("succeeded");
    const executed = (server: string) =>
      readCallLog(world!.stateDir, server)
        .filter((c) => c.executed)
        .map((c) => c.idempotencyKey);
    // A branch that had succeeded when the order branch failed is not run again, nor is one whose call was in flight
    // (its cancelled run awaits the call and succeeds, and the retry takes it); one the failure cancelled before its
    // call went out (a loaded machine) is run again as "~2". Either way each lookup reached its server once.
    for (const [server, branch] of [
      ["crm", "customer"],
      ["docs", "procedure"],
    ] as const) {
      const first = await world.t.db.run.findUnique({ where: { id: `${runId}.lookup.1.${branch}` } });
      const again = await world.t.db.run.findUnique({ where: { id: `${runId}.lookup.1.${branch}~2` } });
      const kept = first?.status === "succeeded";
      expect({ first: first?.status, again: again?.status ?? null }).toEqual(
        kept ? { first: "succeeded", again: null } : { first: first?.status, again: "succeeded" },
      );
      // No double work: the server executed the branch's lookup once, in the run that succeeded.
      expect(executed(server)).toEqual([`${runId}.lookup.1.${kept ? branch : `${branch}~2`}:call:1`]);
    }
    expect(executed("orders")).toEqual([`${runId}.lookup.1.order~2:call:1`]);
  }, 300_000);
});
