/**
 * A server's breaker opened by hand (as an admin does on the Servers page): a use_cached step finds the result of
 * the same call (server, tool, arguments) however many other calls came since, and records its age; a call with no
 * cached result is recorded as refused by the breaker (not as a failed call) while the run waits. Real engine,
 * database and the demo CRM over stdio.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { until } from "../../test/until";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { startRun } from "../../services/runs/runs";
import { breakerViews } from "../../services/servers/breaker-status";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "Find a customer",
  input: { type: "object", properties: { email: { type: "string" } } },
  startAt: "find",
  states: {
    find: {
      type: "tool",
      title: "Find the customer",
      server: "crm",
      tool: "find_customer",
      input: { email: "{% $input.email %}" },
      breaker: { whenOpen: "use_cached" },
      assign: { customer: "{% $result %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $customer.id %}" },
  },
} as unknown as WorkflowDefinition;

/** The same address in another letter case: the CRM finds the same customer, but the call's arguments differ. */
const variant = (i: number) => {
  let letter = 0;
  return [..."ada.lovelace@example.com"].map((c) => (/[a-z]/.test(c) ? ((i >> letter++) & 1 ? c.toUpperCase() : c) : c)).join("");
};

describe.each(PROVIDERS)("use_cached behind an open breaker on %s", (provider) => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await demoWorld(provider, { definition, servers: ["crm"] });
  });
  afterAll(() => world.dispose());

  const run = async (email: string) =>
    (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: { email } })).runId;

  it("finds the cached result of the same call after 60 others, with its age; refuses the rest as the breaker", async () => {
    const first = await run("ada.lovelace@example.com");
    expect((await settle(world, first)).status).toBe("succeeded");
    const made = await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId: first } });
    // 60 other successful calls of the same tool (the cache used to look at the 50 most recent only).
    const others = await Promise.all(Array.from({ length: 60 }, (_, i) => run(variant(i + 1))));
    for (const id of others) expect((await settle(world, id)).status).toBe("succeeded");

    await world.engine.setBreaker("crm", "open", "admin@example.com");
    const view = await until(
      async () => {
        const v = (await breakerViews(world.t.db)).crm;
        return v?.status === "open" ? v : null;
      },
      "the breaker's row",
      60_000,
    );
    expect(view).toMatchObject({ status: "open", manual: { by: "admin@example.com" }, nextProbeAt: null });

    const cached = await run("ada.lovelace@example.com");
    const done = await settle(world, cached);
    const history = await world.t.db.transition.findMany({ where: { runId: cached }, select: { event: true, commands: true } });
    expect(done.status, JSON.stringify(history)).toBe("succeeded");
    expect((done.output as { value: unknown }).value).toBe("cust_001");
    const attempt = await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId: cached } });
    expect(attempt).toMatchObject({ status: "succeeded", fromCache: true, latencyMs: 0 });
    expect((attempt.output as { cachedAt?: number }).cachedAt).toBe(made.finishedAt!.getTime());

    // Never called with these arguments: nothing cached, the call is refused by the breaker and the run waits.
    const refused = await run("grace.hopper@example.com");
    await settle(world, refused);
    const row = await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId: refused } });
    expect(row).toMatchObject({ status: "refused", latencyMs: null, sentAt: null });
    expect(row.error).toMatchObject({ kind: "breaker_open", message: expect.stringContaining("no call was made") as unknown });
    expect(await world.t.db.run.findUniqueOrThrow({ where: { id: refused } })).toMatchObject({ status: "waiting" });

    await world.engine.setBreaker("crm", "closed", "admin@example.com");
    await until(
      async () => ((await breakerViews(world.t.db)).crm?.status === "closed" ? true : null),
      "the breaker closed",
      180_000,
    );
  });
});
