/**
 * The two APIs the scripted server speaks: OpenAI-compatible Chat Completions
 * (POST /v1/chat/completions, Bearer key) and Anthropic Messages (POST
 * /v1/messages, x-api-key). Same scripts, same turn counting; only the wire
 * format differs.
 */
import type { IncomingMessage } from "node:http";
import { countTokens, type ScriptedAnswer } from "./script";

export interface Dialect {
  /** The key the request carries. */
  key(req: IncomingMessage): string | undefined;
  error(message: string, code: string): unknown;
  answer(model: string, turn: number, answer: ScriptedAnswer, promptTokens: number): unknown;
  toolName(tool: unknown): string;
}

function text(answer: ScriptedAnswer): string {
  const base = answer.text ?? "";
  const bytes = Buffer.byteLength(base);
  return answer.padToBytes && bytes < answer.padToBytes ? base + " ".repeat(answer.padToBytes - bytes) : base;
}

function outputTokens(content: string, calls: ScriptedAnswer["toolCalls"]): number {
  return countTokens(content) + countTokens((calls ?? []).map((c) => JSON.stringify(c.args)).join(""));
}

function nameOf(tool: unknown, nested: boolean): string {
  const holder = (nested ? (tool as { function?: unknown } | null)?.function : tool) as { name?: unknown } | null | undefined;
  return typeof holder?.name === "string" ? holder.name : "?";
}

export const openAi: Dialect = {
  key: (req) => req.headers.authorization?.replace(/^Bearer /, ""),
  error: (message, code) => ({ error: { message, type: code, code } }),
  toolName: (tool) => nameOf(tool, true),
  answer(model, turn, answer, promptTokens) {
    const content = text(answer);
    const toolCalls = (answer.toolCalls ?? []).map((call, i) => ({
      id: `call_${turn}_${i}`,
      type: "function",
      function: { name: call.name, arguments: JSON.stringify(call.args) },
    }));
    const completionTokens = outputTokens(content, answer.toolCalls);
    return {
      id: `chatcmpl-scripted-${turn}`,
      object: "chat.completion",
      created: 0,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: content || null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
          finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
  },
};

export const anthropic: Dialect = {
  key: (req) => {
    const key = req.headers["x-api-key"];
    return typeof key === "string" ? key : undefined;
  },
  error: (message, code) => ({ type: "error", error: { type: code, message } }),
  toolName: (tool) => nameOf(tool, false),
  answer(model, turn, answer, promptTokens) {
    const content = text(answer);
    const calls = answer.toolCalls ?? [];
    return {
      id: `msg_scripted_${turn}`,
      type: "message",
      role: "assistant",
      model,
      content: [
        ...(content ? [{ type: "text", text: content }] : []),
        ...calls.map((call, i) => ({ type: "tool_use", id: `toolu_${turn}_${i}`, name: call.name, input: call.args })),
      ],
      stop_reason: calls.length > 0 ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: promptTokens, output_tokens: outputTokens(content, answer.toolCalls) },
    };
  },
};
