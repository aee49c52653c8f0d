/**
 * A long text result (issue 19, defect 7) from the fidelity fixture as a real stdio process, through the real engine
 * and database: stored apart like a structured result (the attempt and the transition log keep a reference and a
 * preview), so the run view does not carry megabytes; the step's assignment still gets the whole text.
 */
import { afterEach, describe, expect, it } from "vitest";
import { settle, type DemoWorld } from "../../test/demo-setup";
import { fixtureWorld } from "../../test/fixture-world";
import { FIDELITY, stdio } from "../../mcp/testing";
import { startRun } from "./runs";
import { readBlob } from "./run-blobs";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

const CHARS = 300_000;
const LONG_TEXT = {
  schemaVersion: 1,
  name: "Long text",
  input: { type: "object", properties: {} },
  startAt: "read",
  states: {
    read: {
      type: "tool",
      server: "fixture",
      tool: "big-text",
      input: { chars: CHARS },
      assign: { length: "{% $length($result) %}" },
      timeoutMs: 60_000,
      next: "done",
    },
    done: { type: "succeed", output: "{% $length %}" },
  },
} as unknown as WorkflowDefinition;

describe("a long text result", () => {
  it("is stored apart by reference, and the step's assignment sees the whole text", async () => {
    world = await fixtureWorld(stdio(FIDELITY), LONG_TEXT);
    const w = world;
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    const run = await settle(w, runId);
    expect(run.status).toBe("succeeded");
    expect(run.output).toMatchObject({ value: CHARS });
    const attempt = await w.t.db.stepAttempt.findFirstOrThrow({ where: { runId, stateId: "read" } });
    const value = (attempt.output as { value: { $blob: string; bytes: number } }).value;
    expect(value).toMatchObject({ $blob: expect.stringMatching(/^blob_/) as string });
    expect(value.bytes).toBeGreaterThan(CHARS);
    expect(JSON.parse((await readBlob(w.t.db, runId, value.$blob)).data)).toHaveLength(CHARS);
    const logged = JSON.stringify(await w.t.db.transition.findMany({ where: { runId }, select: { event: true } }));
    expect(logged.length).toBeLessThan(50_000);
  });
});
