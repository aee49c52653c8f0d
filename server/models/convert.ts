/**
 * Switchyard's conversation (lib/agent/messages) to and from the AI SDK's shapes.
 * Kept apart from the call so the mapping is a plain, unit-tested function.
 */
import { jsonSchema, type ModelMessage, type ToolSet } from "ai";
import type { AgentMessage, AgentToolCall, AgentToolDefinition, JsonValue } from "@/lib/agent/messages";

export interface ProviderPrompt {
  system: string | undefined;
  messages: ModelMessage[];
}

/** System messages become the system prompt (joined); the rest keep their order. */
export function toProviderPrompt(messages: readonly AgentMessage[]): ProviderPrompt {
  const system: string[] = [];
  const out: ModelMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
        system.push(message.text);
        break;
      case "user":
        out.push({ role: "user", content: message.text });
        break;
      case "assistant":
        out.push({
          role: "assistant",
          content: [
            ...(message.text ? [{ type: "text" as const, text: message.text }] : []),
            ...message.toolCalls.map((call) => ({
              type: "tool-call" as const,
              toolCallId: call.id,
              toolName: call.name,
              input: call.args,
            })),
          ],
        });
        break;
      case "tool":
        out.push({
          role: "tool",
          content: message.results.map((result) => ({
            type: "tool-result" as const,
            toolCallId: result.callId,
            toolName: result.name,
            output: result.isError
              ? { type: "error-text" as const, value: result.content }
              : { type: "text" as const, value: result.content },
          })),
        });
        break;
    }
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: out };
}

/** Tools offered to the model, without `execute`: the executor runs them, one durable step each. */
export function toProviderTools(tools: readonly AgentToolDefinition[]): ToolSet {
  const set: ToolSet = {};
  for (const tool of tools) {
    set[tool.name] = { description: tool.description, inputSchema: jsonSchema(tool.inputSchema) };
  }
  return set;
}

interface SdkToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
  invalid?: boolean | undefined;
  error?: unknown;
}

export function fromProviderToolCall(call: SdkToolCall): AgentToolCall {
  const args = toJsonValue(call.input);
  if (!call.invalid) return { id: call.toolCallId, name: call.toolName, args };
  const reason = call.error instanceof Error ? call.error.message : "the call could not be read";
  return { id: call.toolCallId, name: call.toolName, args, invalid: reason.slice(0, 500) };
}

/** Arguments as JSON data (an unparsable call keeps its raw text). */
function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return {};
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return typeof value === "string" ? value : null;
  }
}
