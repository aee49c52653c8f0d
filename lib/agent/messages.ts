/**
 * The agent's conversation as plain, serializable data. The executor stores it in
 * committed transitions, the run page shows it, and the provider layer
 * (server/models) translates it to and from a provider's API. Pure: no library types.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A tool call the model asked for. `invalid` says why it cannot be run as asked (bad JSON, unknown tool). */
export interface AgentToolCall {
  id: string;
  name: string;
  args: JsonValue;
  invalid?: string | undefined;
}

/** What a tool call produced, as the model will see it. */
export interface AgentToolResult {
  callId: string;
  name: string;
  isError: boolean;
  /** Text the model reads (JSON results are serialized by whoever builds the message). */
  content: string;
}

export type AgentMessage =
  | { role: "system"; text: string }
  | { role: "user"; text: string }
  | { role: "assistant"; text: string; toolCalls: AgentToolCall[] }
  | { role: "tool"; results: AgentToolResult[] };

/** A tool offered to the model: a name the provider accepts, a description and a JSON Schema for its arguments. */
export interface AgentToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "other";

/** The assistant's answer to one model call. */
export interface ModelAnswer {
  text: string;
  toolCalls: AgentToolCall[];
  finishReason: FinishReason;
  usage: TokenUsage;
  latencyMs: number;
  /** The model id the provider says answered (may differ from the one asked for, e.g. a dated snapshot). */
  modelId: string;
}

/** Names a provider accepts for a tool: letters, digits, '_' and '-', 1 to 64 characters. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
