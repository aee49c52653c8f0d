import { describe, expect, it } from "vitest";
import { agentSteps, formatUsd } from "./transcript";
import type { AgentMessage } from "./messages";

const at = new Date("2026-01-01T00:00:00Z");
const sys: AgentMessage = { role: "system", text: "Triage." };
const user: AgentMessage = { role: "user", text: "Begin." };
const call = (turn: number, messages: AgentMessage[]) => ({
  event: { type: "x" },
  commands: [{ type: "call_model", call: { callKey: `run_1:triage:1:${turn}`, messages } }],
  at,
});
const done = (turn: number, text: string, toolCalls: { id: string; name: string; args: object }[], costUsd: number) => ({
  event: {
    type: "model_done",
    callKey: `run_1:triage:1:${turn}`,
    ok: true,
    costUsd,
    answer: { text, toolCalls, usage: { inputTokens: 100 * turn, outputTokens: 10 }, latencyMs: 250, modelId: "m" },
  },
  commands: [],
  at,
});

describe("agent transcripts from the transition log", () => {
  const lookup = { id: "c1", name: "crm__find", args: { email: "a@b" } };
  const answered: AgentMessage = { role: "assistant", text: "", toolCalls: [lookup] };
  const result: AgentMessage = { role: "tool", results: [{ callId: "c1", name: "crm__find", isError: false, content: "{}" }] };
  const log = [
    call(1, [sys, user]),
    done(1, "", [lookup], 0.001),
    call(2, [sys, user, answered, result]),
    done(2, '{"ok":true}', [], 0.002),
  ];

  it("shows the whole conversation, the final answer included, with tokens, cost and latency per turn", () => {
    const [view] = agentSteps(log);
    expect(view?.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(view?.turns.map((t) => [t.turn, t.inputTokens, t.outputTokens, t.costUsd, t.latencyMs, t.toolCalls])).toEqual([
      [1, 100, 10, 0.001, 250, 1],
      [2, 200, 10, 0.002, 250, 0],
    ]);
    expect(view?.spend).toEqual({ inputTokens: 300, outputTokens: 20, costUsd: 0.003, toolCalls: 1 });
  });

  it("while the step runs, shows the run state's conversation (the current turn's results arrive before the next call)", () => {
    const live = [sys, user, answered, result];
    const [view] = agentSteps(log.slice(0, 2), { stateId: "triage", visit: 1, messages: live });
    expect(view?.messages).toEqual(live);
  });

  it("keeps visits apart and records a failed model call as a turn with its error", () => {
    const failed = {
      event: { type: "model_done", callKey: "run_1:triage:2:1", ok: false, error: { message: "HTTP 503" } },
      commands: [],
      at,
    };
    const views = agentSteps([...log, failed]);
    expect(views.map((v) => [v.visit, v.turns.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(views[1]?.turns[0]?.error).toBe("HTTP 503");
  });

  it("formats small costs with four decimals", () => {
    expect([formatUsd(0), formatUsd(0.0012), formatUsd(1.5)]).toEqual(["$0", "$0.0012", "$1.50"]);
  });
});
