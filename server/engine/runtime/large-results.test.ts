import { describe, expect, it } from "vitest";
import { externalize, isBlobRef, type StoredBlob } from "./large-results";
import type { PendingCall } from "../core/types";

const call: PendingCall = {
  type: "call",
  stateId: "docs",
  visit: 1,
  attempt: 2,
  server: "docs",
  tool: "search",
  args: {},
  idempotencyKey: "run1:docs:1",
  purpose: "step",
};

function port() {
  const saved: StoredBlob[] = [];
  return {
    saved,
    save: (b: StoredBlob) => Promise.resolve(void saved.push(b)),
    load: () => Promise.resolve(new Map<string, string>()),
  };
}

describe("large step results", () => {
  it("records a result under the budget as it is, without storing anything", async () => {
    const p = port();
    const event = { type: "call_succeeded" as const, result: { text: "x".repeat(100) } };
    const outcome = { status: "succeeded" as const, output: event.result, latencyMs: 1, fromCache: false };
    const out = await externalize("run1", call, event, outcome, { budget: 1024, port: p, newId: () => "blob_1" });
    expect(out.event).toBe(event);
    expect(out.outcome).toBe(outcome);
    expect(p.saved).toEqual([]);
  });

  it("stores a long text result apart like a structured one", async () => {
    const p = port();
    const result = "line of text\n".repeat(200);
    const event = { type: "call_succeeded" as const, result };
    const outcome = { status: "succeeded" as const, output: result, latencyMs: 1, fromCache: false };
    const out = await externalize("run1", call, event, outcome, { budget: 1024, port: p, newId: () => "blob_t" });
    expect(p.saved).toMatchObject([{ id: "blob_t", data: JSON.stringify(result), bytes: JSON.stringify(result).length }]);
    expect(out.event).toMatchObject({ result: { $blob: "blob_t", preview: JSON.stringify(result).slice(0, 2048) } });
    expect(out.outcome).toMatchObject({ output: { $blob: "blob_t" } });
  });

  it("stores a result over the budget (counted in UTF-8 bytes) and records a reference with a preview", async () => {
    const p = port();
    const result = { text: "é".repeat(400) }; // 411 characters of JSON, 811 bytes
    const event = { type: "call_succeeded" as const, result };
    const outcome = { status: "succeeded" as const, output: result, latencyMs: 1, fromCache: false };
    const out = await externalize("run1", call, event, outcome, { budget: 600, port: p, newId: () => "blob_1" });
    const data = JSON.stringify(result);
    expect(p.saved).toEqual([{ id: "blob_1", runId: "run1", stateId: "docs", visit: 1, attempt: 2, data, bytes: 811 }]);
    const ref = out.event.type === "call_succeeded" ? out.event.result : null;
    expect(isBlobRef(ref)).toBe(true);
    expect(ref).toEqual({ $blob: "blob_1", bytes: 811, preview: data });
    expect(out.outcome).toMatchObject({ status: "succeeded", output: ref });
  });

  it("leaves other events alone", async () => {
    const p = port();
    const event = {
      type: "call_failed" as const,
      error: { kind: "timeout" as const, message: "x".repeat(5000), retryable: true },
    };
    const out = await externalize("run1", call, event, undefined, { budget: 1024, port: p, newId: () => "blob_1" });
    expect(out.event).toBe(event);
    expect(p.saved).toEqual([]);
  });
});
