/**
 * Expressions are untrusted (issue 15): a published workflow whose expressions recurse for ever, build ten million
 * items or double a string fails that step with `expression_limit` (a catch route takes it), the engine keeps
 * running other runs meanwhile, and a trigger's hostile filter skips the event instead of hanging the publisher.
 */
import { afterEach, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../../test/databases";
import { publish } from "../../test/coordination-fixtures";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "../servers/mcp-pool";
import { createEngine } from "../host/engine-host";
import { startRun } from "./runs";
import { publishEvent } from "../coordination/events";
import { createTrigger } from "../coordination/triggers";
import type { Engine } from "../../engine/runtime/engine";

const RECURSE = "{% ($f := function($x){ $f($x) }; $f(1)) %}";
const TEN_MILLION = "{% $join([1..10000000].$string(), ',') %}";
const DOUBLING = '{% ($d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $length($d("a", 27))) %}';

const CAUGHT: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Hostile but caught",
  startAt: "call",
  states: {
    call: {
      type: "tool",
      server: "nowhere",
      tool: "never_called",
      input: { x: RECURSE },
      catch: [{ errors: ["expression_limit"], next: "handled", assign: { caught: "{% $error %}" } }],
      next: "done",
    },
    handled: { type: "succeed", output: "{% $caught %}" },
    done: { type: "succeed" },
  },
};

const uncaught = (name: string, output: string): WorkflowDefinition => ({
  schemaVersion: 1,
  name,
  startAt: "pick",
  states: {
    pick: { type: "choice", choices: [{ when: "{% true %}", next: "done" }] },
    done: { type: "succeed", output: { value: output } },
  },
});

const PLAIN: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Plain",
  startAt: "done",
  states: { done: { type: "succeed", output: "{% 'fine' %}" } },
};

let open: { t: TestDatabase; engine: Engine; close: () => Promise<void> } | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function world(provider: "sqlite" | "postgresql") {
  const t = await createTestDatabase(provider);
  const pool = createMcpPool(t.db, new SecretBox(randomBytes(32)));
  const engine = createEngine(t.db, pool, { url: t.url, pollMs: 50, shared: provider === "postgresql" });
  await engine.start();
  open = {
    t,
    engine,
    close: async () => {
      await engine.stop();
      await pool.closeAll();
      await t.dispose();
    },
  };
  return open;
}

async function finished(t: TestDatabase, runId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    if (["succeeded", "failed", "waiting", "cancelled"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(PROVIDERS)("expression limits in published workflows on %s", (provider) => {
  it("fails the step with expression_limit (caught by a catch route) and keeps running other runs", async () => {
    const { t, engine } = await world(provider);
    const caught = await startRun(t.db, engine, { workflowId: await publish(t.db, CAUGHT), input: {} });
    const hostile = await Promise.all(
      [TEN_MILLION, DOUBLING].map(async (output, i) =>
        startRun(t.db, engine, { workflowId: await publish(t.db, uncaught(`Hostile ${i}`, output)), input: {} }),
      ),
    );
    const plain = await startRun(t.db, engine, { workflowId: await publish(t.db, PLAIN), input: {} });

    const handled = await finished(t, caught.runId);
    expect(handled.status).toBe("succeeded");
    const output = handled.output as { value: { kind: string; message: string } };
    expect(output.value.kind).toBe("expression_limit");
    expect(output.value.message).toMatch(/took longer than 100 ms/);

    for (const { runId } of hostile) {
      const run = await finished(t, runId);
      // Unhandled, the failure goes to a person (or fails the run): never a hang, never a crash.
      expect(run.status).not.toBe("succeeded");
      const text = JSON.stringify(await t.db.transition.findMany({ where: { runId } }));
      expect(text).toMatch(/expression_limit/);
      expect(text).toMatch(/The output of \\"done\\": The expression at value/);
    }
    expect(await finished(t, plain.runId)).toMatchObject({ status: "succeeded", output: { value: "fine" } });
  });

  it("a hostile trigger filter skips the event with the limit named, and publishing answers at once", async () => {
    const { t, engine } = await world(provider);
    const target = await publish(t.db, PLAIN);
    const trigger = await createTrigger(t.db, {
      workflowId: target,
      config: { kind: "event", eventType: "order.placed", filter: RECURSE },
    });
    await publishEvent(engine, { id: "evt-hostile", type: "order.placed", key: "o1", payload: {} }, "test");
    const deadline = Date.now() + 60_000;
    let firing = null;
    while (!firing && Date.now() < deadline) {
      firing = await t.db.triggerFiring.findFirst({ where: { triggerId: trigger.id, dedupKey: "evt-hostile" } });
      if (!firing) await new Promise((r) => setTimeout(r, 25));
    }
    expect(firing?.runId).toBeNull();
    expect(firing?.skipped).toMatch(/filter could not be evaluated.*took longer than/);
    expect(await t.db.run.count({ where: { workflowId: target } })).toBe(0);
  });
});
