import { describe, expect, it } from "vitest";
import { addState, moveStates, type Draft } from "@/lib/workflow/canvas";
import { createEditorStore } from "./editor-store";

const doc: Draft = { schemaVersion: 1, name: "W", startAt: "done", states: { done: { type: "succeed" } }, layout: {} };

function setup() {
  let t = 0;
  const store = createEditorStore({ workflowId: "wf", doc, revision: 3, now: () => t });
  return { store, tick: (ms: number) => (t += ms) };
}

describe("editor store", () => {
  it("undoes and redoes edits, and a new edit clears what could be redone", () => {
    const { store } = setup();
    store.getState().apply((d) => moveStates(d, { done: { x: 10, y: 0 } }));
    store.getState().apply((d) => moveStates(d, { done: { x: 20, y: 0 } }));
    store.getState().undo();
    expect(store.getState().doc.layout).toEqual({ done: { x: 10, y: 0 } });
    store.getState().redo();
    expect(store.getState().doc.layout).toEqual({ done: { x: 20, y: 0 } });
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc).toBe(doc);
    store.getState().apply((d) => moveStates(d, { done: { x: 5, y: 5 } }));
    expect(store.getState().future).toEqual([]);
  });

  it("merges quick edits of the same field into one undo step, but not slow ones", () => {
    const { store, tick } = setup();
    const rename = (name: string) => store.getState().apply((d) => ({ ...d, name }), { coalesce: "name" });
    rename("A");
    tick(300);
    rename("AB");
    tick(5000);
    rename("ABC");
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().doc.name).toBe("AB");
    store.getState().undo();
    expect(store.getState().doc.name).toBe("W");
  });

  it("tracks what is saved: an edit during a save leaves the draft unsaved", () => {
    const { store } = setup();
    store.getState().apply((d) => ({ ...d, name: "X" }));
    expect(store.getState().saveState).toBe("unsaved");
    const seq = store.getState().savingStarted();
    store.getState().apply((d) => ({ ...d, name: "Y" }));
    store.getState().saved(seq, 4);
    expect(store.getState()).toMatchObject({ saveState: "unsaved", revision: 4 });
    store.getState().saved(store.getState().savingStarted(), 5);
    expect(store.getState().saveState).toBe("saved");
  });

  it("selects a new state and drops deleted states from the selection", () => {
    const { store } = setup();
    store.getState().apply(
      (d) => {
        const added = addState(d, { type: "fail", title: "Stop" }, { x: 0, y: 0 });
        return added.doc;
      },
      { select: ["stop"] },
    );
    expect(store.getState().selection).toEqual(["stop"]);
    store.getState().undo();
    expect(store.getState().selection).toEqual([]);
  });

  it("does not record an edit that changes nothing", () => {
    const { store } = setup();
    store.getState().apply((d) => d);
    expect(store.getState()).toMatchObject({ past: [], saveState: "saved", seq: 0 });
  });
});

describe("the selection across edits", () => {
  const fanout: Draft = {
    ...doc,
    states: {
      ...(doc.states as object),
      both: {
        type: "parallel",
        branches: { left: { startAt: "done", states: { call: { type: "tool", next: "done" }, done: { type: "succeed" } } } },
      },
    },
  };

  it("keeps a step inside a branch selected while it is edited (its inspector stays open)", () => {
    const store = createEditorStore({ workflowId: "wf", doc: fanout, revision: 1, now: () => 0 });
    store.getState().select(["both::left::call"]);
    store.getState().apply((d) => moveStates(d, { both: { x: 1, y: 1 } }));
    expect(store.getState().selection).toEqual(["both::left::call"]);
  });

  it("drops selected steps that are gone, inside branches too", () => {
    const store = createEditorStore({ workflowId: "wf", doc: fanout, revision: 1, now: () => 0 });
    store.getState().select(["both::left::call", "both::right::call", "both"]);
    store.getState().apply((d) => ({ ...d, states: { done: { type: "succeed" } } }));
    expect(store.getState().selection).toEqual([]);
  });
});
