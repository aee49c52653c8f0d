import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";
import { catalogProblems } from "./catalog-problems";
import type { CatalogServer } from "../mcp/catalog";

const tool = (extra: Record<string, unknown> = {}) => ({ type: "tool", server: "pay", tool: "charge", next: "done", ...extra });
const base = (states: Record<string, unknown>) => ({ schemaVersion: 1, name: "W", startAt: "a", states });
const codes = (doc: unknown) =>
  validateDefinition(doc)
    .problems.filter((p) => p.severity === "warning")
    .map((p) => `${p.code}@${p.stateId ?? ""}${p.field ? `.${p.field}` : ""}`);

describe("references that can never be bound", () => {
  it("flags $error outside catch routes and the steps they lead to", () => {
    const doc = base({
      a: tool({ catch: [{ errors: ["*"], next: "failed", assign: { why: "{% $error.message %}" } }] }),
      failed: { type: "fail", message: "{% $error.message %}" },
      done: { type: "succeed", output: "{% $error %}" },
    });
    expect(codes(doc)).toEqual(["unbound_error@done.output"]);
  });

  it("flags $result outside a tool's assign and its undo's input", () => {
    const doc = base({
      a: tool({
        assign: { r: "{% $result %}" },
        compensate: { server: "pay", tool: "refund", input: { id: "{% $result.id %}" } },
        input: { x: "{% $result %}" },
      }),
      done: { type: "succeed", output: "{% $resultant %}" },
    });
    expect(codes(doc)).toEqual(["unbound_result@a.input.x"]);
  });
});

describe("loops that re-enter a step that is not idempotent", () => {
  const loop = (idempotent?: boolean) =>
    base({
      a: tool({ ...(idempotent === undefined ? {} : { idempotent }), catch: [{ errors: ["timeout"], next: "ask" }] }),
      ask: {
        type: "human",
        title: "Again?",
        options: [
          { id: "again", label: "Again", next: "a" },
          { id: "stop", label: "Stop", next: "done" },
        ],
      },
      done: { type: "succeed" },
    });

  it("warns for a step marked not idempotent, not for one marked idempotent", () => {
    expect(codes(loop(false))).toEqual(["loop_not_idempotent@a"]);
    expect(codes(loop(true))).toEqual([]);
  });

  it("judges an unmarked step by its tool's hints when the catalog is known", () => {
    const catalog = (hints: Record<string, boolean>) =>
      [
        {
          name: "pay",
          enabled: true,
          tools: [{ server: "pay", name: "charge", inputSchema: {}, annotations: hints }],
        },
      ] as unknown as CatalogServer[];
    const found = (hints: Record<string, boolean>) =>
      catalogProblems(loop(), catalog(hints), null).map((p) => `${p.code}@${p.stateId}`);
    expect(found({})).toEqual(["loop_not_idempotent@a"]);
    expect(found({ idempotentHint: true })).toEqual([]);
    expect(found({ readOnlyHint: true })).toEqual([]);
  });
});
