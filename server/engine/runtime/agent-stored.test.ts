import { describe, expect, it } from "vitest";
import { AgentStoredResults, storedBlobId } from "./agent-stored";
import type { StoredBlob } from "./large-results";
import type { RunState } from "../core/types";
import type { AgentProgress } from "../core/agent-types";

/** A blob port over a map, counting saves and loads. */
function port() {
  const rows = new Map<string, StoredBlob>();
  const counts = { saves: 0, loads: 0 };
  return {
    rows,
    counts,
    save: (b: StoredBlob) => Promise.resolve(void (counts.saves++, rows.set(b.id, b))),
    load: (ids: string[]) => {
      counts.loads++;
      return Promise.resolve(new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id)!.data] as const] : []))));
    },
  };
}

const big = "line\n".repeat(200_000);

function withStored(stored: AgentProgress["stored"]): RunState {
  const agent = { stateId: "triage", visit: 2, stored } as AgentProgress;
  return { runId: "run1", agent } as unknown as RunState;
}

describe("stored results of agent steps", () => {
  it("persists a reference instead of the text, saves each text once, and reads it back in a new process", async () => {
    const p = port();
    const first = new AgentStoredResults(p);
    const persisted = await first.dehydrate("run1", withStored({ "result-3": big }));
    const id = storedBlobId("run1", "triage", 2, "result-3");
    expect(persisted.agent?.stored).toEqual({ "result-3": { $blob: id, chars: big.length } });
    expect(JSON.stringify(persisted).length).toBeLessThan(500);
    expect(p.rows.get(id)).toMatchObject({ runId: "run1", stateId: "triage", visit: 2, attempt: 3 });
    // The next transition of the same step saves nothing again.
    await first.dehydrate("run1", await first.hydrate(persisted));
    expect(p.counts).toEqual({ saves: 1, loads: 0 });
    // Another process (nothing in memory) reads the text from the rows.
    const second = new AgentStoredResults(p);
    const loaded = await second.hydrate(persisted);
    expect(loaded.agent?.stored?.["result-3"]).toBe(big);
    expect(p.counts.loads).toBe(1);
  });

  it("leaves states without stored results as they are", async () => {
    const p = port();
    const results = new AgentStoredResults(p);
    const plain = { runId: "run1", agent: null } as unknown as RunState;
    expect(await results.dehydrate("run1", plain)).toBe(plain);
    expect(await results.hydrate(plain)).toBe(plain);
    expect(p.counts).toEqual({ saves: 0, loads: 0 });
  });

  it("overwrites a text saved under the same reference by a step that was retried", async () => {
    const p = port();
    await new AgentStoredResults(p).dehydrate("run1", withStored({ "result-1": "a".repeat(9000) }));
    await new AgentStoredResults(p).dehydrate("run1", withStored({ "result-1": "b".repeat(9000) }));
    expect(JSON.parse(p.rows.get(storedBlobId("run1", "triage", 2, "result-1"))!.data)).toBe("b".repeat(9000));
  });
});
