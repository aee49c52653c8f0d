/**
 * Questions from one server to two runs at once (issue 19, defect 2): each question is tied to the call that caused it
 * (on Streamable HTTP, the call whose response stream carried it), never to "the oldest call". Against the fidelity
 * fixture as a real process (it never echoes an idempotency key) and the real engine and database.
 */
import { describe, expect, it } from "vitest";
import { settle } from "../../test/demo-setup";
import { fixtureWorlds, openRequestOf, startFixtureRun } from "../../test/fixture-worlds";
import { answerRequest } from "./elicitation-requests";
import { FIDELITY, stdio } from "../../mcp/testing";
import { until } from "../../test/until";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const worlds = fixtureWorlds();

const ASK = {
  schemaVersion: 1,
  name: "Ask a question",
  input: { type: "object", properties: { question: { type: "string" } }, required: ["question"] },
  startAt: "ask",
  states: {
    ask: {
      type: "tool",
      server: "fixture",
      tool: "ask",
      input: { question: "{% $input.question %}" },
      assign: { answer: "{% $result %}" },
      timeoutMs: 60_000,
      next: "done",
    },
    done: { type: "succeed", output: "{% $answer %}" },
  },
} as unknown as WorkflowDefinition;

describe("two runs waiting on questions from the same server", () => {
  it("each run gets its own question, and each answer reaches its own call", async () => {
    const w = await worlds.open(await worlds.fidelityHttp(), ASK);
    const a = await startFixtureRun(w, { question: "Colour of run A?" });
    const b = await startFixtureRun(w, { question: "Colour of run B?" });

    const open = await until(
      async () => {
        const items = await w.t.db.escalation.findMany({ where: { reason: "mcp_request", status: "open" } });
        return items.length >= 2 && items;
      },
      "both runs' questions",
      90_000,
    );
    expect(open.map((e) => [e.runId, e.title]).sort()).toEqual(
      [
        [a, "fixture asks: Colour of run A?"],
        [b, "fixture asks: Colour of run B?"],
      ].sort(),
    );
    const itemOf = (runId: string) => open.find((e) => e.runId === runId)!.id;
    // B first: answering one run's question touches nothing of the other.
    await answerRequest(w.t.db, { id: itemOf(b), by: "Bea", action: "accept", content: { answer: "blue" } });
    expect((await settle(w, b)).output).toMatchObject({ value: "Colour of run B? -> blue" });
    expect((await w.t.db.escalation.findUniqueOrThrow({ where: { id: itemOf(a) } })).status).toBe("open");
    await answerRequest(w.t.db, { id: itemOf(a), by: "Al", action: "accept", content: { answer: "amber" } });
    expect((await settle(w, a)).output).toMatchObject({ value: "Colour of run A? -> amber" });
    const details = await w.t.db.escalation.findMany({ where: { reason: "mcp_request" }, select: { details: true } });
    expect(details.map((d) => (d.details as { attribution: string }).attribution)).toEqual([
      "related_request",
      "related_request",
    ]);
  });
});

describe("two runs asking the same server over stdio at once (no response stream names the call)", () => {
  it("never files one run's question on the other: a question that cannot be tied to its call is refused to the server", async () => {
    const w = await worlds.open(stdio(FIDELITY), ASK);
    const a = await startFixtureRun(w, { question: "Colour of run A?" });
    // A waits on its question (the only call in flight, so it is A's); then B's call asks while A's is still open.
    const itemA = await openRequestOf(w, a, "run A's question");
    expect(itemA.title).toBe("fixture asks: Colour of run A?");
    const b = await startFixtureRun(w, { question: "Colour of run B?" });
    const failed = await until(async () => {
      const attempts = await w.t.db.stepAttempt.findMany({ where: { runId: b, stateId: "ask" } });
      return attempts.find((t) => t.error !== null);
    }, "run B's call to fail");
    expect(JSON.stringify(failed.error)).toContain("cannot tell which of its calls this question belongs to");
    const items = await w.t.db.escalation.findMany({ where: { reason: "mcp_request" } });
    expect(items.map((e) => [e.runId, e.title])).toEqual([[a, "fixture asks: Colour of run A?"]]);
  });
});
