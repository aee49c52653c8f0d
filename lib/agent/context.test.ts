import { describe, expect, it } from "vitest";
import { compactConversation, estimateTokens, type ContextSettings } from "./context";
import type { AgentMessage } from "./messages";
import { storedView } from "./stored-results";

const result = (callId: string, content: string): AgentMessage => ({
  role: "tool",
  results: [{ callId, name: "docs__search", isError: false, content }],
});
const asked = (id: string): AgentMessage => ({
  role: "assistant",
  text: `I check ${id}.`,
  toolCalls: [{ id, name: "docs__search", args: { q: id } }],
});

/** Instructions, input, then four tool rounds of 6,000 characters each (the first holds the fact the model needs). */
function conversation(): AgentMessage[] {
  const page = (tag: string) => `${tag}: ${"details of the procedure ".repeat(240)}`.slice(0, 6000);
  return [
    { role: "system", text: "Triage the complaint. Keep the customer's id cust_001." },
    { role: "user", text: 'Input:\n{"customer":"cust_001"}' },
    asked("c1"),
    result("c1", `THE REFUND CODE IS R-77. ${page("first")}`),
    asked("c2"),
    result("c2", page("second")),
    asked("c3"),
    result("c3", page("third")),
    asked("c4"),
    result("c4", page("fourth")),
  ];
}

const settings: ContextSettings = { maxPromptTokens: 3_500, keepRecentResults: 2, summaryChars: 200 };

describe("context management near the model's context size", () => {
  it("leaves a conversation that fits as it is", () => {
    const messages = conversation();
    const out = compactConversation(messages, { ...settings, maxPromptTokens: 100_000 }, (n) => `earlier-${n}`);
    expect(out.messages).toBe(messages);
    expect(out.summarised).toBe(0);
  });

  it("summarises the oldest tool results first until the prompt fits, keeping references, reasoning and recent results", () => {
    const messages = conversation();
    expect(estimateTokens(messages)).toBeGreaterThan(settings.maxPromptTokens);
    const out = compactConversation(messages, settings, (n) => `earlier-${n}`);
    expect(estimateTokens(out.messages)).toBeLessThanOrEqual(settings.maxPromptTokens);
    expect(out.summarised).toBe(2);
    const tool = (i: number) => (out.messages[i] as Extract<AgentMessage, { role: "tool" }>).results[0]!.content;
    expect(tool(3)).toContain('stored as "earlier-1"');
    expect(tool(3)).toContain("THE REFUND CODE IS R-77"); // the start of a result stays in its summary
    expect(tool(5)).toContain('stored as "earlier-2"');
    expect(tool(7)).toBe((messages[7] as Extract<AgentMessage, { role: "tool" }>).results[0]!.content);
    expect(out.added["earlier-1"]).toBe((messages[3] as Extract<AgentMessage, { role: "tool" }>).results[0]!.content);
    // Instructions, input and every assistant message are untouched.
    for (const i of [0, 1, 2, 4, 6, 8]) expect(out.messages[i]).toBe(messages[i]);
  });

  it("is deterministic and stable: compacting again changes nothing", () => {
    const first = compactConversation(conversation(), settings, (n) => `earlier-${n}`);
    expect(compactConversation(conversation(), settings, (n) => `earlier-${n}`)).toEqual(first);
    expect(compactConversation(first.messages, settings, (n) => `earlier-${n + 2}`).summarised).toBe(0);
  });

  it("keeps the reference of a large result already stored apart, without storing it twice", () => {
    const big = "x".repeat(50_000);
    const messages: AgentMessage[] = [
      { role: "system", text: "Read the log." },
      asked("c1"),
      result("c1", storedView("result-1", big, big.length)),
      asked("c2"),
      result("c2", "y".repeat(12_000)),
    ];
    const out = compactConversation(
      messages,
      { ...settings, maxPromptTokens: 1_000, keepRecentResults: 1 },
      (n) => `earlier-${n}`,
    );
    const first = (out.messages[2] as Extract<AgentMessage, { role: "tool" }>).results[0]!.content;
    expect(first).toContain('"result-1"');
    expect(out.added).toEqual({});
  });
});
