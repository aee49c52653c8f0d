import { describe, expect, it } from "vitest";
import type { CatalogTool } from "@/lib/mcp/catalog";
import type { ToolState } from "@/lib/workflow/schema";
import { isSafeToRepeat, mayDestroy, suggestedToolDefaults, toolAdvice } from "./tool-advice";

const tool = (annotations: CatalogTool["annotations"], name = "t"): CatalogTool => ({
  server: "orders",
  name,
  title: "A tool",
  description: "",
  inputSchema: { type: "object", properties: {} },
  outputSchema: null,
  annotations,
  schemaHash: "h",
  changedAt: null,
});

const readOnly = tool({ readOnlyHint: true });
const refund = tool({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
const unhinted = tool({});
const state = (extra: Partial<ToolState> = {}): ToolState => ({
  type: "tool",
  server: "orders",
  tool: "t",
  next: "done",
  ...extra,
});

describe("suggestedToolDefaults", () => {
  it("retries tools that are safe to repeat and sets a time limit", () => {
    expect(suggestedToolDefaults(readOnly)).toMatchObject({
      server: "orders",
      tool: "t",
      title: "A tool",
      timeoutMs: 30_000,
      retry: { maxAttempts: 3, jitter: "full" },
    });
    expect(suggestedToolDefaults(tool({ idempotentHint: true })).retry?.maxAttempts).toBe(3);
  });
  it("does not retry tools that may not be repeated", () => {
    expect(suggestedToolDefaults(refund).retry).toBeUndefined();
    expect(suggestedToolDefaults(unhinted).retry).toBeUndefined();
  });
  it("gives tools of the open world longer", () => {
    expect(suggestedToolDefaults(tool({ openWorldHint: true })).timeoutMs).toBe(60_000);
  });
});

describe("toolAdvice", () => {
  it("suggests an undo step and an approval for destructive tools", () => {
    const advice = toolAdvice(refund, state());
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/undo step/);
    expect(advice[0]).toMatch(/approves/);
    expect(toolAdvice(refund, state({ compensate: { server: "orders", tool: "reverse" } }))).toEqual([]);
  });
  it("treats a tool without hints as possibly changing data", () => {
    expect(toolAdvice(unhinted, state())[0]).toMatch(/does not say/);
    expect(mayDestroy(unhinted)).toBe(true);
    expect(mayDestroy(readOnly)).toBe(false);
  });
  it("warns about retrying what is not safe to repeat", () => {
    const advice = toolAdvice(refund, state({ retry: { maxAttempts: 3 }, compensate: { server: "o", tool: "r" } }));
    expect(advice).toEqual([expect.stringMatching(/twice/)]);
    expect(
      toolAdvice(refund, state({ retry: { maxAttempts: 3 }, idempotent: true, compensate: { server: "o", tool: "r" } })),
    ).toEqual([expect.stringMatching(/You marked this step safe/)]);
  });
  it("suggests retries for read-only tools", () => {
    expect(toolAdvice(readOnly, state())).toEqual([expect.stringMatching(/Consider turning retries on/)]);
    expect(toolAdvice(readOnly, state({ retry: { maxAttempts: 2 } }))).toEqual([]);
    expect(isSafeToRepeat(readOnly)).toBe(true);
  });
  it("says nothing without a tool", () => {
    expect(toolAdvice(undefined, state())).toEqual([]);
  });
});
