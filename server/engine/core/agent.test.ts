import { describe, expect, it } from "vitest";
import type { AgentToolCall, ModelAnswer } from "@/lib/agent/messages";
import type { AgentState, WorkflowDefinition } from "@/lib/workflow/schema";
import { initialState, step } from "./step";
import { callId, type Command, type PendingCall, type PendingModel, type RunEvent, type RunState } from "./types";

function definition(extra: Partial<AgentState> = {}): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: "Agent",
    startAt: "triage",
    states: {
      triage: {
        type: "agent",
        instructions: "Triage the complaint of {% $input.name %}.",
        input: "{% $input %}",
        model: { provider: "p", model: "m" },
        tools: [
          { server: "crm", tool: "find_customer" },
          { server: "orders", tool: "get_order" },
        ],
        output: { type: "object", properties: { priority: { type: "string", enum: ["low", "high"] } }, required: ["priority"] },
        assign: { triage: "{% $result %}" },
        catch: [{ errors: ["budget_exceeded"], next: "over", assign: { why: "{% $error.message %}" } }],
        next: "done",
        ...extra,
      },
      done: { type: "succeed", output: "{% $triage %}" },
      over: { type: "succeed", output: "{% $why %}" },
    },
  };
}

const answer = (text: string, toolCalls: AgentToolCall[] = [], tokens = 10): ModelAnswer => ({
  text,
  toolCalls,
  finishReason: toolCalls.length > 0 ? "tool-calls" : "stop",
  usage: { inputTokens: tokens, outputTokens: tokens },
  latencyMs: 5,
  modelId: "m",
});

function harness(def: WorkflowDefinition) {
  let n = 0;
  let now = 1000;
  const inputs = () => ({ now, newId: (p: string) => `${p}_${++n}`, random: () => 0.5 });
  let state: RunState = initialState("r1", { name: "Ada" });
  let commands: Command[] = [];
  const send = async (event: RunEvent) => {
    const r = await step(def, state, event, inputs());
    if (r.ignored) throw new Error(r.ignored);
    state = r.state;
    commands = r.commands;
    return r;
  };
  const model = () => state.pending as PendingModel;
  const call = () => state.pending as PendingCall;
  return {
    send,
    start: () => send({ type: "start", input: { name: "Ada" } }),
    answer: (a: ModelAnswer, costUsd = 0) => send({ type: "model_done", callKey: model().callKey, ok: true, answer: a, costUsd }),
    result: (result: unknown) => send({ type: "call_succeeded", result, callId: callId(call()) }),
    get state() {
      return state;
    },
    get commands() {
      return commands;
    },
    advance: (ms: number) => (now += ms),
    model,
    call,
  };
}

const findAda: AgentToolCall = { id: "c1", name: "crm__find_customer", args: { email: "ada@example.com" } };
const getOrder: AgentToolCall = { id: "c2", name: "orders__get_order", args: { orderId: "O-1" } };

describe("the agent step in the core", () => {
  it("asks the model with the instructions, the output schema and the input, offering only its tools", async () => {
    const h = harness(definition());
    await h.start();
    expect(h.model()).toMatchObject({ type: "model", callKey: "r1:triage:1:1", attempt: 1, wakeAt: 1000 + 120_000 + 15_000 });
    const command = h.commands[0] as Extract<Command, { type: "call_model" }>;
    expect(command.call.tools).toEqual([
      { name: "crm__find_customer", server: "crm", tool: "find_customer" },
      { name: "orders__get_order", server: "orders", tool: "get_order" },
    ]);
    expect(command.call.messages[0]).toMatchObject({
      role: "system",
      text: expect.stringContaining("Triage the complaint of Ada.") as string,
    });
    expect(command.call.messages[0]!.role === "system" && command.call.messages[0]!.text).toContain('"priority"');
    expect(command.call.messages[1]).toEqual({ role: "user", text: 'Input:\n{"name":"Ada"}' });
  });

  it("commits the answer, then makes its tool calls one by one with a key per turn and call, then asks again", async () => {
    const h = harness(definition());
    await h.start();
    await h.answer(answer("", [findAda, getOrder]));
    expect(h.state.agent?.messages.at(-1)).toMatchObject({ role: "assistant", toolCalls: [findAda, getOrder] });
    expect(h.call()).toMatchObject({
      purpose: "agent",
      server: "crm",
      tool: "find_customer",
      attempt: 1,
      idempotencyKey: "r1:triage:1:1:1",
    });
    await h.result({ id: "cust_1" });
    expect(h.call()).toMatchObject({ server: "orders", tool: "get_order", attempt: 2, idempotencyKey: "r1:triage:1:1:2" });
    await h.send({
      type: "call_failed",
      error: { kind: "tool_error", message: "No order O-1", retryable: false },
      callId: callId(h.call()),
    });
    expect(h.model().callKey).toBe("r1:triage:1:2");
    expect(h.state.agent?.messages.at(-1)).toEqual({
      role: "tool",
      results: [
        { callId: "c1", name: "crm__find_customer", isError: false, content: '{"id":"cust_1"}' },
        { callId: "c2", name: "orders__get_order", isError: true, content: "tool_error: No order O-1" },
      ],
    });
    await h.answer(answer('{"priority":"high"}'));
    expect(h.state).toMatchObject({ status: "succeeded", output: { priority: "high" }, agent: null });
  });

  it("answers a call of a tool it was not offered with an error instead of calling it", async () => {
    const h = harness(definition());
    await h.start();
    await h.answer(answer("", [{ id: "x", name: "email__send", args: {} }]));
    expect(h.state.pending?.type).toBe("model");
    const results = h.state.agent?.messages.at(-1);
    expect(results).toMatchObject({
      role: "tool",
      results: [{ isError: true, content: expect.stringContaining('no tool "email__send"') as string }],
    });
  });

  it("sends a wrong answer back with the errors, then fails with invalid_output when corrections run out", async () => {
    const h = harness(definition({ outputAttempts: 1 }));
    await h.start();
    await h.answer(answer('{"priority":"urgent"}'));
    expect(h.state.agent?.messages.at(-1)).toMatchObject({ role: "user", text: expect.stringContaining("priority") as string });
    expect(h.model().callKey).toBe("r1:triage:1:2");
    await h.answer(answer("not JSON"));
    expect(h.state.status).toBe("waiting");
    expect(h.state.error).toMatchObject({ kind: "invalid_output" });
    const escalation = h.commands[0] as Extract<Command, { type: "open_escalation" }>;
    expect(escalation.escalation.details).toMatchObject({ agent: { turns: 2 } });
  });

  it.each([
    ["turns", { maxTurns: 1 }, 0],
    ["tool calls", { maxToolCalls: 1 }, 0],
    ["input tokens", { maxInputTokens: 5 }, 0],
    ["output tokens", { maxOutputTokens: 5 }, 0],
    ["cost", { maxCostUsd: 0.01 }, 0.02],
  ] as const)("ends in budget_exceeded (%s) and takes the catch route", async (name, budgets, cost) => {
    const h = harness(definition({ budgets }));
    await h.start();
    await h.answer(answer("", [findAda, getOrder]), cost);
    if (name === "turns") await h.result({}).then(() => h.result({}));
    expect(h.state.status).toBe("succeeded");
    expect(h.state.output).toContain(`Budget exceeded (${name})`);
  });

  it("ends in budget_exceeded (time) when the step has run too long", async () => {
    const h = harness(definition({ budgets: { maxSeconds: 10 } }));
    await h.start();
    h.advance(11_000);
    await h.answer(answer('{"priority":"low"}'));
    expect(h.state.output).toContain("Budget exceeded (time)");
  });

  it("retries a retryable model failure after a backoff timer, then fails with model_error", async () => {
    const h = harness(definition());
    await h.start();
    const fail = () =>
      h.send({
        type: "model_done",
        callKey: h.model().callKey,
        ok: false,
        error: { kind: "model_error", message: "503", retryable: true },
      });
    await fail();
    expect(h.state).toMatchObject({ status: "retrying", pending: { type: "model", attempt: 2, wakeAt: 2000 } });
    await h.send({ type: "timer_fired", timerId: h.model().timerId });
    expect(h.commands[0]?.type).toBe("call_model");
    expect(h.model().callKey).toBe("r1:triage:1:1");
    await fail();
    await h.send({ type: "timer_fired", timerId: h.model().timerId });
    await fail();
    expect(h.state.status).toBe("waiting");
    expect(h.state.error).toMatchObject({ kind: "model_error" });
  });

  it("calls the model again for the same turn when its re-issue timer fires (the engine died), never for a committed turn", async () => {
    const h = harness(definition());
    await h.start();
    await h.answer(answer("", [findAda]));
    await h.result({});
    const pending = h.model();
    expect(pending.callKey).toBe("r1:triage:1:2");
    await h.send({ type: "timer_fired", timerId: pending.timerId });
    const again = h.commands[0] as Extract<Command, { type: "call_model" }>;
    expect(again.call.callKey).toBe("r1:triage:1:2");
    expect(again.call.messages.filter((m) => m.role === "assistant")).toHaveLength(1);
    // A late answer to the first turn is not taken for this one.
    const late = await step(
      definition(),
      h.state,
      { type: "model_done", callKey: "r1:triage:1:1", ok: true, answer: answer("x"), costUsd: 0 },
      {
        now: 0,
        newId: (p) => p,
        random: () => 0,
      },
    );
    expect(late.ignored).toBeDefined();
  });
});

describe("an agent's tool call whose outcome is unknown", () => {
  it("goes to a person, who may send the same call again or answer it for the model", async () => {
    const h = harness(definition());
    await h.start();
    await h.answer(answer("", [findAda]));
    const call = h.call();
    await h.send({ type: "call_outcome_unknown", callId: callId(call) });
    expect(h.state).toMatchObject({ status: "waiting", pending: { type: "human", reason: "outcome_unknown" } });
    const waiting = h.state;
    await h.send({ type: "retry_step", by: "ops" });
    expect(h.call()).toMatchObject({ idempotencyKey: call.idempotencyKey, server: "crm", tool: "find_customer" });
    const skipped = await step(
      definition(),
      waiting,
      { type: "skip_step", result: { id: "cust_9" }, by: "ops" },
      {
        now: 2000,
        newId: (p) => `${p}_x`,
        random: () => 0,
      },
    );
    expect(skipped.state.pending?.type).toBe("model");
    expect(skipped.state.agent?.messages.at(-1)).toMatchObject({ role: "tool", results: [{ content: '{"id":"cust_9"}' }] });
  });

  it("parks a destructive call on a person before making it; approved with edits it runs those, rejected the model reads why", async () => {
    for (const [decision, data, expectCall] of [
      ["approve", { args: { orderId: "O-2" } }, { orderId: "O-2" }],
      ["reject", { reason: "Not this order" }, null],
    ] as const) {
      const h = harness(definition());
      await h.start();
      await h.send({
        type: "model_done",
        callKey: h.model().callKey,
        ok: true,
        answer: answer("Let me check.", [getOrder]),
        costUsd: 0,
        destructive: ["orders__get_order"],
      });
      // Nothing is called yet: a person is asked, with the proposed call and the reasoning so far.
      expect(h.commands.map((c) => c.type)).toEqual(["open_escalation"]);
      const ask = h.commands[0] as Extract<Command, { type: "open_escalation" }>;
      expect(ask.escalation).toMatchObject({
        reason: "agent_approval",
        details: { call: { server: "orders", tool: "get_order" } },
      });
      expect(JSON.stringify(ask.escalation.details)).toContain("Let me check.");
      await h.send({ type: "human_resolved", escalationId: ask.escalation.escalationId, optionId: decision, data, by: "Grace" });
      if (expectCall) {
        expect(h.call()).toMatchObject({ server: "orders", tool: "get_order", args: expectCall, purpose: "agent" });
        await h.result({ id: "O-2" });
        const sent = (h.commands[0] as Extract<Command, { type: "call_model" }>).call.messages.at(-1);
        expect(JSON.stringify(sent)).toContain("edited arguments");
      } else {
        const sent = (h.commands[0] as Extract<Command, { type: "call_model" }>).call.messages.at(-1);
        expect(JSON.stringify(sent)).toContain("Grace) rejected this call. Their reason: Not this order");
      }
    }
  });
});
