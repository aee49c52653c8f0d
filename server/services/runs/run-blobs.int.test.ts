/**
 * Large step results against the real demo servers, with a small size budget: a result over it is stored apart
 * (RunBlob) and recorded by reference in the attempt and the transition log; the run's data holds only what the
 * step's assignment selects; a replay (re-run) reads the whole result back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import { startRun } from "./runs";
import { rerun } from "./rerun";
import { readBlob } from "./run-blobs";
import type { RunState } from "../../engine/core/types";

const final = (status: string) => ["succeeded", "failed", "compensated", "cancelled"].includes(status);

describe.each(PROVIDERS)("large step results (%s, demo servers)", (provider) => {
  let world: DemoWorld;
  beforeAll(async () => {
    // search_docs (about 550 bytes) and check_order (about 570) are over it; the other results are not.
    world = await demoWorld(provider, { resultBudgetBytes: 500 });
  });
  afterAll(() => world.dispose());

  it("stores a result over the budget apart; the run's data keeps what the assignment selects", async () => {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    expect((await settle(world, runId, 90_000, final)).status).toBe("succeeded");
    const attempts = await world.t.db.stepAttempt.findMany({ where: { runId, purpose: "step" } });
    const output = (stateId: string) => (attempts.find((a) => a.stateId === stateId)?.output as { value: unknown }).value;
    const docs = output("search_docs") as { $blob: string; bytes: number; preview: string };
    expect(docs).toMatchObject({ $blob: expect.stringMatching(/^blob_/) as string, bytes: expect.any(Number) as number });
    expect(docs.bytes).toBeGreaterThan(500);
    expect(output("lookup_customer")).toMatchObject({ name: "Ada Lovelace" }); // small: inline
    const whole = JSON.parse((await readBlob(world.t.db, runId, docs.$blob)).data) as { results: unknown[] };
    expect(whole.results.length).toBeGreaterThan(0);
    expect(docs.preview).toBe(JSON.stringify(whole).slice(0, 2048));
    // The transition log holds the reference too, not the result.
    const logged = await world.t.db.transition.findMany({ where: { runId }, select: { event: true } });
    expect(JSON.stringify(logged)).toContain(docs.$blob);
    expect(JSON.stringify(logged)).not.toContain(JSON.stringify(whole));
    // Only the first procedure entered the run's data.
    const run = await world.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect((run.state as unknown as RunState).vars.procedure).toEqual(whole.results[0]);

    // A re-run after those steps replays their whole results from the store.
    const child = await rerun(world.t.db, world.engine, { runId, stateId: "log_ticket" });
    expect((await settle(world, child.runId, 90_000, final)).status).toBe("succeeded");
    const seed = (await world.t.db.run.findUniqueOrThrow({ where: { id: child.runId } })).seed as unknown as RunState;
    expect(seed.vars.procedure).toEqual(whole.results[0]);
  });
});
