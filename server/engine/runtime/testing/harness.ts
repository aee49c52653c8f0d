/**
 * The runtime's logic in milliseconds: an Engine over the in-memory run store, fake tools and a manual clock. No
 * database, no processes, no sleeps: a test starts runs, awaits `settle()` (the engine idle, due timers fired, again
 * until nothing moves) and moves time with `advance(ms)`. Real databases, real MCP servers and crash tests keep their
 * own integration tests (*.int.test.ts); this is for what the executor decides.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { Engine, type EngineOptions, type NewRunInput } from "../engine";
import { MemoryRunStore, type MemoryRun } from "./memory-run-store";
import { FakeTools } from "./fake-tools";
import { ManualClock } from "./manual-clock";

export interface Harness {
  engine: Engine;
  store: MemoryRunStore;
  tools: FakeTools;
  clock: ManualClock;
  /** Publishes a definition as a version of a workflow ("wf" unless named; its id is returned) runs can be started of. */
  publish(definition: WorkflowDefinition, workflowId?: string): string;
  /** Creates and starts a run (one commit), then settles. */
  start(versionId: string, input?: Record<string, unknown>, extra?: Partial<NewRunInput>): Promise<MemoryRun>;
  /** Lets the engine work until nothing moves: applies events, makes calls, fires due timers and SLA expiries. */
  settle(): Promise<void>;
  /** Moves the clock, then settles (timers and SLAs due by then fire). */
  advance(ms: number): Promise<void>;
  run(runId: string): MemoryRun;
}

export function createHarness(options: Partial<Omit<EngineOptions, "store" | "tools" | "clock">> = {}): Harness {
  const store = new MemoryRunStore();
  const tools = new FakeTools();
  const clock = new ManualClock();
  const logs: string[] = [];
  // pollMs 0: no timer is fired from memory ahead of its row; timers fire when the test moves the clock.
  const engine = new Engine({
    store,
    tools,
    clock,
    pollMs: 0,
    workerId: "harness",
    log: (m) => logs.push(m),
    childRuns: store.childRunPort(),
    ...options,
  });
  let versions = 0;
  const run = (runId: string) => {
    const row = store.runs.get(runId);
    if (!row) throw new Error(`Run ${runId} does not exist`);
    return row;
  };
  // A call the fake tools hold (until the test answers it) is not work to wait for.
  const held = (runId: string) => tools.holding().some((c) => c.idempotencyKey.startsWith(`${runId}:`));
  const settle = async () => {
    for (let rounds = 0; rounds < 1000; rounds++) {
      await engine.idle(held);
      const before = store.commits;
      await engine.pollOnce();
      await engine.idle(held);
      if (store.commits === before) return;
    }
    throw new Error(`The runs kept moving without the clock moving (logs: ${logs.slice(-3).join(" | ")})`);
  };
  return {
    engine,
    store,
    tools,
    clock,
    publish(definition, workflowId = "wf") {
      const id = `ver_${++versions}`;
      store.addVersion(id, definition, workflowId);
      return id;
    },
    async start(versionId, input = {}, extra = {}) {
      const runId = await engine.startRun({ workflowId: "wf", versionId, input, ...extra });
      await settle();
      return run(runId);
    },
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    run,
  };
}
