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
    await first.dehydrate("run1", await first.hydrate("run1", persisted));
    expect(p.counts).toEqual({ saves: 1, loads: 0 });
    // Another process (nothing in memory) reads the text from the rows.
    const second = new AgentStoredResults(p);
    const loaded = await second.hydrate("run1", persisted);
    expect(loaded.agent?.stored?.["result-3"]).toBe(big);
    expect(p.counts.loads).toBe(1);
  });

  it("leaves states without stored results as they are", async () => {
    const p = port();
    const results = new AgentStoredResults(p);
    const plain = { runId: "run1", agent: null } as unknown as RunState;
    expect(await results.dehydrate("run1", plain)).toBe(plain);
    expect(await results.hydrate("run1", plain)).toBe(plain);
    expect(p.counts).toEqual({ saves: 0, loads: 0 });
  });

  it("overwrites a text saved under the same reference by a step that was retried", async () => {
    const p = port();
    await new AgentStoredResults(p).dehydrate("run1", withStored({ "result-1": "a".repeat(9000) }));
    await new AgentStoredResults(p).dehydrate("run1", withStored({ "result-1": "b".repeat(9000) }));
    expect(JSON.parse(p.rows.get(storedBlobId("run1", "triage", 2, "result-1"))!.data)).toBe("b".repeat(9000));
  });

  it("refers to a large call result the transition saved apart instead of saving it again, text or JSON", async () => {
    const p = port();
    // A text result: the row holds it as a JSON string; the agent keeps its whole text.
    const textRow = { id: "blob_1", runId: "run1", stateId: "triage", visit: 2, attempt: 1, data: JSON.stringify(big), bytes: 0 };
    await p.save(textRow);
    const results = new AgentStoredResults(p);
    const saved = { ref: { $blob: "blob_1", bytes: big.length + 2, preview: textRow.data.slice(0, 100) }, result: big };
    const persisted = await results.dehydrate("run1", withStored({ "result-1": big }), saved);
    expect(persisted.agent?.stored).toEqual({ "result-1": { $blob: "blob_1", chars: big.length } });
    expect(p.counts.saves).toBe(1); // only the transition's own row
    // The next transitions of the step save nothing either, in this process or another one.
    await results.dehydrate("run1", await results.hydrate("run1", persisted));
    expect(p.counts.saves).toBe(1);
    const other = new AgentStoredResults(p);
    const loaded = await other.hydrate("run1", persisted);
    expect(loaded.agent?.stored?.["result-1"]).toBe(big);
    await other.dehydrate("run1", loaded);
    expect(p.counts.saves).toBe(1);

    // A structured result: the row is its JSON, which is the agent's text itself; a kept start reads back cut.
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, note: "x".repeat(40) }));
    const json = JSON.stringify(rows);
    await p.save({ ...textRow, id: "blob_2", data: json });
    const kept = json.slice(0, 500_000);
    const structured = await results.dehydrate("run1", withStored({ "result-2": kept }), {
      ref: { $blob: "blob_2", bytes: json.length, preview: json.slice(0, 100) },
      result: rows,
    });
    expect(structured.agent?.stored).toEqual({ "result-2": { $blob: "blob_2", chars: kept.length, raw: true } });
    expect((await new AgentStoredResults(p).hydrate("run1", structured)).agent?.stored?.["result-2"]).toBe(kept);
    expect(p.counts.saves).toBe(2);
  });

  it("saves its own row when the stored text is not the result saved apart (a summary of an earlier result)", async () => {
    const p = port();
    const results = new AgentStoredResults(p);
    const other = "something else ".repeat(1000);
    const persisted = await results.dehydrate("run1", withStored({ "earlier-1": other }), {
      ref: { $blob: "blob_9", bytes: big.length, preview: JSON.stringify(big).slice(0, 100) },
      result: big,
    });
    expect(persisted.agent?.stored).toEqual({
      "earlier-1": { $blob: storedBlobId("run1", "triage", 2, "earlier-1"), chars: other.length },
    });
    expect(p.counts.saves).toBe(1);
  });
});
