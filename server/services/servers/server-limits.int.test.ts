/**
 * A limit on calls in flight to one MCP server, shared by two engines on the
 * same database: with the CRM limited to 1, six runs calling it at once all
 * succeed (the overflow waits, nothing fails) and the CRM's call log shows no
 * two calls at the same time; without the limit they overlap.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { ADA, demoWorld, instantClock, settle, type DemoWorld } from "../../test/demo-setup";
import { ONE_LOOKUP } from "../../test/coordination-fixtures";
import { startRun } from "../runs/runs";
import { setServerLimit } from "./server-limits";
import { createDb } from "../../db/client";
import { createEngine } from "../host/engine-host";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

function maxOverlap(w: DemoWorld): number {
  const calls = readCallLog(w.stateDir, "crm").map((c) => ({ s: Date.parse(c.startedAt), e: Date.parse(c.finishedAt!) }));
  return Math.max(0, ...calls.map((c) => calls.filter((d) => d.s < c.e && c.s < d.e).length));
}

describe.each(PROVIDERS)("limits on calls in flight per server on %s", (provider) => {
  it("queues calls over the limit across two engines, and fails none", async () => {
    world = await demoWorld(provider, { definition: ONE_LOOKUP, faults: { crm: { DEMO_LATENCY_MS: "200" } } });
    const w = world;
    await setServerLimit(w.t.db, { server: "crm", maxInFlight: 1 });
    // A second engine as another worker would run it. On SQLite it shares this process's Prisma client: two clients in
    // one thread would block each other (better-sqlite3 waits for a lock synchronously), which no deployment does.
    const otherDb = provider === "sqlite" ? w.t.db : createDb(w.t.url);
    const other = createEngine(otherDb, w.pool, {
      url: w.t.url,
      clock: instantClock,
      pollMs: 50,
      shared: provider === "postgresql",
    });
    await other.start();
    try {
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          startRun(w.t.db, i % 2 === 0 ? w.engine : other, {
            workflowId: w.workflowId,
            input: { customerEmail: ADA.customerEmail },
          }),
        ),
      );
      for (const r of runs)
        expect((await settle(w, r.runId, 60_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");
    } finally {
      await other.stop();
      if (otherDb !== w.t.db) await otherDb.$disconnect();
    }
    expect(readCallLog(w.stateDir, "crm")).toHaveLength(6);
    expect(maxOverlap(w)).toBe(1);
    expect(await w.t.db.mcpCallSlot.count()).toBe(0);

    // Without the limit, the same load overlaps (so the check above can fail).
    await setServerLimit(w.t.db, { server: "crm", maxInFlight: null });
    await new Promise((r) => setTimeout(r, 1100)); // limits are re-read every second
    const free = await Promise.all(
      Array.from({ length: 4 }, () =>
        startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { customerEmail: ADA.customerEmail } }),
      ),
    );
    for (const r of free) await settle(w, r.runId, 60_000, (s) => s === "succeeded");
    expect(maxOverlap(w)).toBeGreaterThan(1);
  });
});
