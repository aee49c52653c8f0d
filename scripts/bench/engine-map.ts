/**
 * bench:engine's map figure: one run of a map step over N items (10,000 by default), each item one no-op tool call,
 * 16 at a time, on the engine as the app builds it (driver run store, child runs over Prisma). Items per second, and
 * the parent run's state size while it works (sampled) against the list's own size: the state holds counters and the
 * indices in flight, never the list or its results.
 */
import { Engine } from "@/server/engine/runtime/engine";
import { mcpToolPort, systemClock } from "@/server/services/host/engine-host";
import { prismaChildRunPort } from "@/server/services/runs/child-run-port";
import { createRunStore } from "@/server/db/run-stores";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { NOOP_SERVER, type BenchDatabase, type World } from "./engine-world";
import { int } from "./stats";

const MAP: WorkflowDefinition = {
  schemaVersion: 1,
  name: "bench map",
  input: { type: "object", properties: {} },
  startAt: "each",
  states: {
    each: {
      type: "map",
      items: "{% $input.items %}",
      maxConcurrency: 16,
      itemBody: {
        startAt: "call",
        states: {
          call: { type: "tool", server: NOOP_SERVER, tool: "noop", input: { n: "{% $item %}" }, next: "done" },
          done: { type: "succeed", output: "{% $item %}" },
        },
      },
      assign: { count: "{% $count($results) %}" },
      next: "done",
    },
    done: { type: "succeed", output: "{% $count %}" },
  },
} as unknown as WorkflowDefinition;

export async function mapBench(database: BenchDatabase, world: World, items: number): Promise<string> {
  const { id } = await createWorkflow(database.db, { name: MAP.name, definition: MAP });
  const { versionId } = await publishWorkflow(database.db, { id });
  const workerId = `bench-map:${process.pid}`;
  const engine = new Engine({
    store: createRunStore(database.db, database.url, { now: () => systemClock.now() }),
    tools: mcpToolPort(database.db, world.pool),
    clock: systemClock,
    shared: database.provider === "postgresql",
    workerId,
    childRuns: prismaChildRunPort(database.db),
  });
  await engine.start();
  try {
    const input = { items: Array.from({ length: items }, (_, i) => i) };
    const started = performance.now();
    const runId = await engine.startRun({ workflowId: id, versionId, input });
    let largest = 0;
    for (;;) {
      const run = await database.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, state: true } });
      const { input: _input, ...state } = run.state as Record<string, unknown>;
      largest = Math.max(largest, JSON.stringify(state).length);
      if (run.status === "succeeded") break;
      if (run.status === "failed" || run.status === "cancelled") throw new Error(`the map run ended ${run.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    return (
      `map: ${int(items)} items, 16 at a time, one no-op call each: ${int(items / seconds)} items/s (${seconds.toFixed(1)} s); ` +
      `the parent's run state without its input at most ${int(largest)} bytes (the list alone: ${int(JSON.stringify(input).length)} bytes)`
    );
  } finally {
    await engine.stop();
  }
}
