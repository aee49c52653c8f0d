/**
 * Live progress of a call (issue 19, defect 4): the engine reports the progress notifications and a task's status of
 * the call in flight, which the run page and canvas show; the live feed carries them for the run. Against
 * server-everything (a real process over stdio) and the real engine and database.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { DemoWorld } from "../../test/demo-setup";
import { settle } from "../../test/demo-setup";
import { fixtureWorld } from "../../test/fixture-world";
import { EVERYTHING, stdio } from "../../mcp/testing";
import { startRun } from "./runs";
import { publishRunChanges, watchProgress } from "./run-feed";
import { ChangeBus } from "../../events/bus";
import { progressLabel, type CallProgress } from "@/lib/runs/call-progress";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const oneStep = (tool: string, input: Record<string, unknown>) =>
  ({
    schemaVersion: 1,
    name: `Call ${tool}`,
    startAt: "call",
    states: {
      call: { type: "tool", server: "fixture", tool, input, assign: { r: "{% $result %}" }, timeoutMs: 30_000, next: "done" },
      done: { type: "succeed", output: "{% $r %}" },
    },
  }) as unknown as WorkflowDefinition;

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

describe("a call's live progress", () => {
  it("reports each progress notification with its total, and the feed carries it to the run's watchers", async () => {
    world = await fixtureWorld(stdio(EVERYTHING), oneStep("trigger-long-running-operation", { duration: 2, steps: 4 }));
    const w = world;
    const bus = new ChangeBus();
    const stop = publishRunChanges(w.engine, bus);
    const reports: CallProgress[] = [];
    const off = w.engine.onCallProgress((_runId, p) => reports.push(p));
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    const watching = new AbortController();
    const fed: CallProgress[] = [];
    const feed = (async () => {
      for await (const p of watchProgress(runId, watching.signal, bus)) fed.push(p);
    })();
    expect((await settle(w, runId)).status).toBe("succeeded");
    watching.abort();
    await feed;
    off();
    stop();
    // The server sends its last report together with the result: once the result is in, the call is over and a
    // report still on its way may be dropped (nothing to show for a finished call). The others come in order.
    const pairs = reports.map((r) => [r.progress, r.total]);
    expect(pairs.slice(0, 3)).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(pairs.slice(3)).toEqual(pairs.length === 4 ? [[4, 4]] : []);
    expect(reports.every((r) => r.stateId === "call" && r.attempt === 1)).toBe(true);
    expect(progressLabel(reports[1]!)).toBe("2 of 4 (50%)");
    // The feed passes at most four a second per run on, the latest winning: the last one always arrives.
    expect(fed.length).toBeGreaterThanOrEqual(1);
  });

  it("reports a task's status as it changes", async () => {
    world = await fixtureWorld(stdio(EVERYTHING), oneStep("simulate-research-query", { topic: "progress" }));
    const w = world;
    const reports: CallProgress[] = [];
    const off = w.engine.onCallProgress((_runId, p) => reports.push(p));
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    expect((await settle(w, runId)).status).toBe("succeeded");
    off();
    const labels = reports.map(progressLabel);
    expect(labels).toContain("Task working: Analyzing content...");
    expect(labels.at(-1)).toMatch(/^Task completed/);
  });
});
