import { describe, expect, it } from "vitest";
import { fromProviderToolCall, toProviderPrompt } from "./convert";

describe("toProviderPrompt", () => {
  it("joins system messages into the system prompt and keeps the order of the rest", () => {
    const prompt = toProviderPrompt([
      { role: "system", text: "Be brief." },
      { role: "user", text: "Hi" },
      { role: "system", text: "Answer in JSON." },
      { role: "assistant", text: "", toolCalls: [{ id: "c1", name: "crm__find", args: { q: "ada" } }] },
      { role: "tool", results: [{ callId: "c1", name: "crm__find", isError: true, content: "not found" }] },
    ]);
    expect(prompt.system).toBe("Be brief.\n\nAnswer in JSON.");
    expect(prompt.messages).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "crm__find", input: { q: "ada" } }] },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c1", toolName: "crm__find", output: { type: "error-text", value: "not found" } },
        ],
      },
    ]);
  });

  it("has no system prompt when there is no system message", () => {
    expect(toProviderPrompt([{ role: "user", text: "x" }]).system).toBeUndefined();
  });
});

describe("fromProviderToolCall", () => {
  it("keeps valid calls as JSON data and says why an invalid one cannot run", () => {
    expect(fromProviderToolCall({ toolCallId: "a", toolName: "t", input: { n: 1 } })).toEqual({
      id: "a",
      name: "t",
      args: { n: 1 },
    });
    expect(
      fromProviderToolCall({ toolCallId: "b", toolName: "t", input: "{oops", invalid: true, error: new Error("bad JSON") }),
    ).toEqual({ id: "b", name: "t", args: "{oops", invalid: "bad JSON" });
  });
});
