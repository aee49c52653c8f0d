/**
 * Shared values with compare-and-set on real databases: two runs that read the
 * same version and then both write: exactly one write succeeds, the other run
 * takes its `conflict` route; the value counts each successful write once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { COUNTER } from "../../test/coordination-fixtures";
import { startRun } from "../../services/runs/runs";
import { publishEvent } from "../../services/coordination/events";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const outputOf = (run: { output: unknown }) => (run.output as { value: unknown }).value;

describe.each(PROVIDERS)("shared values on %s", (provider) => {
  it("of two runs writing from the same version, exactly one succeeds and the other takes its conflict route", async () => {
    world = await demoWorld(provider, { definition: COUNTER, servers: [] });
    const w = world;
    const start = () => startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { customerId: "cust_042" } });
    const go = (id: string) => publishEvent(w.engine, { id, type: "counter.go", key: "cust_042" }, "test");

    // A first run creates the value (version 0 -> 1).
    const first = await start();
    await settle(w, first.runId);
    await go("go-1");
    expect(outputOf(await settle(w, first.runId, 90_000, (s) => s === "succeeded"))).toEqual({
      key: "escalations:cust_042",
      value: 1,
      version: 1,
    });

    // Two runs read version 1, then write at the same moment.
    const a = await start();
    const b = await start();
    await settle(w, a.runId);
    await settle(w, b.runId);
    await go("go-2");
    const outcomes = await Promise.all([a, b].map((r) => settle(w, r.runId, 90_000, (s) => s === "succeeded" || s === "failed")));
    expect(outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    const outputs = outcomes.map(outputOf) as Record<string, unknown>[];
    const won = outputs.filter((o) => "version" in o);
    const lost = outputs.filter((o) => "conflict" in o);
    expect(won).toEqual([{ key: "escalations:cust_042", value: 2, version: 2 }]);
    expect(lost).toHaveLength(1);
    expect(String(lost[0]!.conflict)).toMatch(
      /escalations:cust_042 was changed by another run: it is at version 2, "write" was based on version 1/,
    );
    const row = await w.t.db.sharedValue.findUniqueOrThrow({ where: { key: "escalations:cust_042" } });
    expect(row.version).toBe(2);
    expect(row.value).toEqual({ value: 2 });
  });
});
