/**
 * The provider layer over real HTTP against the scripted model server: answers
 * with tool calls, usage and latency; every failure a typed, bounded error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "@/examples/model-server/server";
import type { Scenario } from "@/examples/model-server/script";
import type { AgentMessage, AgentToolDefinition } from "@/lib/agent/messages";
import { callModel, ModelCallError, type ModelEndpoint } from "./index";

const KEY = "sk-test-0123456789abcdef";

const scenarios: Scenario[] = [
  {
    model: "triage",
    turns: [
      {
        toolCalls: [
          { name: "crm__find_customer", args: { email: "ada@example.com" } },
          { name: "docs__search", args: { query: "late" } },
        ],
      },
      [{ ifLastMessageIncludes: "No customer", text: "I could not find the customer." }, { text: '{"category":"delivery"}' }],
    ],
  },
  { model: "rate-limited", turns: [{ error: { status: 429, message: "Slow down" } }] },
  {
    model: "overflow",
    turns: [
      { error: { status: 400, message: "This model's maximum context length is 8192 tokens", code: "context_length_exceeded" } },
    ],
  },
  { model: "broken", turns: [{ error: { status: 503, message: "Overloaded" } }] },
  { model: "slow", turns: [{ delayMs: 5_000, text: "late" }] },
  { model: "huge", turns: [{ text: "x", padToBytes: 300_000 }] },
  { model: "bad-args", turns: [{ toolCalls: [{ name: "not_offered", args: {} }] }] },
];

const tools: AgentToolDefinition[] = [
  {
    name: "crm__find_customer",
    description: "Find a customer",
    inputSchema: { type: "object", properties: { email: { type: "string" } } },
  },
  {
    name: "docs__search",
    description: "Search docs",
    inputSchema: { type: "object", properties: { query: { type: "string" } } },
  },
];

let server: ModelServer;
const endpoint = (modelId: string, apiKey = KEY): ModelEndpoint => ({
  provider: "Scripted",
  kind: "openai-compatible",
  baseUrl: server.baseUrl,
  apiKey,
  modelId,
});
const start: AgentMessage[] = [
  { role: "system", text: "You triage complaints." },
  { role: "user", text: "My order is late. ada@example.com" },
];

async function failure(promise: Promise<unknown>): Promise<ModelCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelCallError);
  return err as ModelCallError;
}

beforeAll(async () => {
  server = await startModelServer({ scenarios, apiKey: KEY });
});
afterAll(async () => {
  await server.close();
});

describe("callModel against an OpenAI-compatible server", () => {
  it("returns tool calls, then the final text, with usage and latency; the server sees the conversation grow", async () => {
    server.requests.length = 0;
    const first = await callModel({ endpoint: endpoint("triage"), messages: start, tools });
    expect(first.finishReason).toBe("tool-calls");
    expect(first.toolCalls).toEqual([
      { id: "call_0_0", name: "crm__find_customer", args: { email: "ada@example.com" } },
      { id: "call_0_1", name: "docs__search", args: { query: "late" } },
    ]);
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    expect(first.usage.outputTokens).toBeGreaterThan(0);
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);

    const messages: AgentMessage[] = [
      ...start,
      { role: "assistant", text: first.text, toolCalls: first.toolCalls },
      {
        role: "tool",
        results: [
          { callId: "call_0_0", name: "crm__find_customer", isError: false, content: '{"id":"cust_001"}' },
          { callId: "call_0_1", name: "docs__search", isError: false, content: "Refund shipping when late." },
        ],
      },
    ];
    const second = await callModel({ endpoint: endpoint("triage"), messages, tools });
    expect(second.finishReason).toBe("stop");
    expect(second.toolCalls).toEqual([]);
    expect(second.text).toBe('{"category":"delivery"}');
    expect(second.usage.inputTokens).toBeGreaterThan(first.usage.inputTokens);

    expect(server.requests.map((r) => [r.turn, r.messages, r.tools])).toEqual([
      [0, 2, ["crm__find_customer", "docs__search"]],
      [1, 5, ["crm__find_customer", "docs__search"]],
    ]);
    expect(server.requests[1]!.promptBytes).toBeGreaterThan(server.requests[0]!.promptBytes);
  });

  it("sends tool errors back as errors the script can react to", async () => {
    const messages: AgentMessage[] = [
      ...start,
      { role: "assistant", text: "", toolCalls: [{ id: "c1", name: "crm__find_customer", args: {} }] },
      {
        role: "tool",
        results: [{ callId: "c1", name: "crm__find_customer", isError: true, content: "No customer has that email." }],
      },
    ];
    const answer = await callModel({ endpoint: endpoint("triage"), messages, tools });
    expect(answer.text).toBe("I could not find the customer.");
  });

  it("marks a call of a tool that was not offered as invalid instead of failing", async () => {
    const answer = await callModel({ endpoint: endpoint("bad-args"), messages: start, tools });
    expect(answer.toolCalls).toHaveLength(1);
    expect(answer.toolCalls[0]).toMatchObject({ name: "not_offered" });
    expect(answer.toolCalls[0]!.invalid).toMatch(/not_offered/);
  });

  it.each([
    ["rate-limited", "rate_limited", true, 429],
    ["overflow", "context_overflow", false, 400],
    ["broken", "server_error", true, 503],
    ["no-such-model", "bad_request", false, 404],
  ] as const)("maps %s to %s (retryable: %s)", async (model, kind, retryable, status) => {
    const err = await failure(callModel({ endpoint: endpoint(model), messages: start, tools }));
    expect(err.toJSON()).toMatchObject({ kind, retryable, httpStatus: status, provider: "Scripted", model });
  });

  it("refuses a wrong API key as auth, never echoing the key", async () => {
    const wrong = "sk-wrong-key-that-must-not-leak";
    const err = await failure(callModel({ endpoint: endpoint("triage", wrong), messages: start, tools }));
    expect(err.kind).toBe("auth");
    expect(err.retryable).toBe(false);
    expect(JSON.stringify(err.toJSON())).not.toContain(wrong);
  });

  it("gives up after the timeout with a retryable timeout error", async () => {
    const err = await failure(callModel({ endpoint: endpoint("slow"), messages: start, tools, options: { timeoutMs: 200 } }));
    expect(err.toJSON()).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("does not read an answer over the size bound", async () => {
    const err = await failure(
      callModel({ endpoint: endpoint("huge"), messages: start, tools, options: { maxResponseBytes: 64 * 1024 } }),
    );
    expect(err.toJSON()).toMatchObject({ kind: "response_too_large", retryable: false });
    const fine = await callModel({ endpoint: endpoint("huge"), messages: start, tools });
    expect(fine.text.length).toBeGreaterThanOrEqual(300_000);
  });

  it("reports an unreachable provider as a retryable network error", async () => {
    const closed = await startModelServer({ scenarios });
    const baseUrl = closed.baseUrl;
    await closed.close();
    const err = await failure(callModel({ endpoint: { ...endpoint("triage"), baseUrl }, messages: start, tools }));
    expect(err.toJSON()).toMatchObject({ kind: "network", retryable: true });
  });
});

describe("callModel against an Anthropic Messages server", () => {
  const claude = (modelId: string, apiKey = KEY): ModelEndpoint => ({ ...endpoint(modelId, apiKey), kind: "anthropic" });

  it("returns tool calls, then the final text, with usage; tool results go back as tool_result blocks", async () => {
    server.requests.length = 0;
    const first = await callModel({ endpoint: claude("triage"), messages: start, tools });
    expect(first.finishReason).toBe("tool-calls");
    expect(first.toolCalls.map((c) => [c.name, c.args])).toEqual([
      ["crm__find_customer", { email: "ada@example.com" }],
      ["docs__search", { query: "late" }],
    ]);
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    const messages: AgentMessage[] = [
      ...start,
      { role: "assistant", text: "", toolCalls: first.toolCalls },
      {
        role: "tool",
        results: first.toolCalls.map((c) => ({ callId: c.id, name: c.name, isError: true, content: "No customer found" })),
      },
    ];
    const second = await callModel({ endpoint: claude("triage"), messages, tools });
    expect(second.text).toBe("I could not find the customer.");
    expect(server.requests.map((r) => [r.turn, r.tools])).toEqual([
      [0, ["crm__find_customer", "docs__search"]],
      [1, ["crm__find_customer", "docs__search"]],
    ]);
  });

  it("maps a rate limit and a wrong key to typed errors, never echoing the key", async () => {
    expect((await failure(callModel({ endpoint: claude("rate-limited"), messages: start, tools }))).kind).toBe("rate_limited");
    const wrong = "sk-ant-wrong-key-that-must-not-leak";
    const err = await failure(callModel({ endpoint: claude("triage", wrong), messages: start, tools }));
    expect(err.kind).toBe("auth");
    expect(JSON.stringify(err.toJSON())).not.toContain(wrong);
  });
});
