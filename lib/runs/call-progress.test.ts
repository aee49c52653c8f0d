import { describe, expect, it } from "vitest";
import { boundedMessage, progressLabel, progressShare } from "./call-progress";

describe("a call's live progress in words", () => {
  it("says how far of how much, with the server's message", () => {
    const p = { stateId: "copy", attempt: 1, progress: 3, total: 5, message: "Copying files", at: 0 };
    expect(progressLabel(p)).toBe("3 of 5 (60%) · Copying files");
    expect(progressShare(p)).toBe(0.6);
    expect(progressLabel({ stateId: "copy", attempt: 1, progress: 2.5, at: 0 })).toBe("2.5");
  });

  it("names a task's status and its message", () => {
    const task = { taskId: "t1", status: "input_required", message: "Requesting clarification" };
    expect(progressLabel({ stateId: "r", attempt: 1, task, at: 0 })).toBe("Task waiting for an answer: Requesting clarification");
  });

  it("keeps a server's message to one short line", () => {
    expect(boundedMessage("  a\n\nb  ")).toBe("a b");
    expect(boundedMessage(" ")).toBeUndefined();
    expect(boundedMessage("x".repeat(500))?.length).toBe(200);
  });
});
