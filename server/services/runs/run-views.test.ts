import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { mapLookup } from "../../engine/runtime/testing/fanout-fixtures";
import { ownDefinition } from "./run-views";

const def = {
  ...mapLookup,
  layout: { each: { x: 0, y: 0 }, done: { x: 40, y: 900 } },
} as unknown as WorkflowDefinition;

const itemRun = { parent: { runId: "run_1", stateId: "each", key: "1", scope: ["each", "itemBody"] } };

describe("the definition a branch or item run shows", () => {
  it("is its machine, laid out on its own, not at the workflow's positions of the same ids", () => {
    const own = ownDefinition(def, itemRun);
    expect(Object.keys(own.states).sort()).toEqual(["call", "done"]);
    expect(own.startAt).toBe("call");
    expect(Object.keys(own.layout ?? {}).sort()).toEqual(["call", "done"]);
    // One below the other, from the top: the item body's "done" is not the workflow's "done" at y 900.
    expect(own.layout!.call!.y).toBe(0);
    expect(own.layout!.done!.y).toBeGreaterThan(0);
    expect(own.layout!.done!.y).toBeLessThan(400);
  });

  it("is the workflow itself for a top-level run", () => {
    expect(ownDefinition(def, { parent: undefined })).toBe(def);
  });
});
