import { describe, expect, it } from "vitest";
import { readWorkflowFile } from "./import-file";
import { emptyDefinition } from "./schema";

const unfinished = JSON.stringify({
  schemaVersion: 1,
  name: "Half done",
  startAt: "a",
  states: { a: { type: "tool", server: "crm", tool: "find", next: "" }, done: { type: "succeed" } },
});

describe("readWorkflowFile", () => {
  it("reads a finished workflow and places steps without positions", () => {
    const read = readWorkflowFile(JSON.stringify(emptyDefinition("New")), false);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.draft.layout).toBeDefined();
  });

  it("refuses an unfinished draft unless asked, then takes it with its problems", () => {
    const refused = readWorkflowFile(unfinished, false);
    expect(refused).toMatchObject({ ok: false, unfinishedAllowed: true });
    const taken = readWorkflowFile(unfinished, true);
    expect(taken.ok).toBe(true);
    if (taken.ok) expect(taken.problems.some((p) => p.severity === "error" && p.stateId === "a")).toBe(true);
  });

  it("never takes what is not a workflow, an empty file, or a file that repeats a key", () => {
    expect(readWorkflowFile("", true)).toMatchObject({ ok: false, message: "The file is empty", unfinishedAllowed: false });
    expect(readWorkflowFile("[1]", true)).toMatchObject({ ok: false, unfinishedAllowed: false });
    const twice = '{"schemaVersion":1,"name":"x","startAt":"a","states":{"a":{"type":"succeed"},"a":{"type":"fail"}}}';
    expect(readWorkflowFile(twice, true)).toMatchObject({ ok: false, unfinishedAllowed: false });
  });
});
