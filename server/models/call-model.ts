/**
 * One model call: the conversation and the tools offered in, the assistant's
 * answer (text and tool calls), token usage and latency out, or a typed
 * ModelCallError. No retries and no tool execution here: the executor owns the
 * loop, so each call is one durable step it can retry, budget and resume.
 */
import { generateText } from "ai";
import type { AgentMessage, AgentToolDefinition, ModelAnswer } from "@/lib/agent/messages";
import { boundedFetch, type Fetch } from "./bounded-fetch";
import { fromProviderToolCall, toProviderPrompt, toProviderTools } from "./convert";
import { toModelCallError } from "./errors";
import { languageModel, type ModelEndpoint } from "./provider";

export interface ModelCallOptions {
  /** Upper bound on the tokens the model may write (default 4096). */
  maxOutputTokens?: number | undefined;
  /** The whole call, from request to parsed answer (default 120 s). */
  timeoutMs?: number | undefined;
  /** The most bytes of the provider's HTTP answer read (default 2 MiB). */
  maxResponseBytes?: number | undefined;
  temperature?: number | undefined;
  signal?: AbortSignal | undefined;
  /** For tests and instrumentation; defaults to the global fetch. */
  fetch?: Fetch | undefined;
}

export interface ModelCallRequest {
  endpoint: ModelEndpoint;
  messages: readonly AgentMessage[];
  tools: readonly AgentToolDefinition[];
  options?: ModelCallOptions;
}

export const MODEL_CALL_DEFAULTS = { maxOutputTokens: 4096, timeoutMs: 120_000, maxResponseBytes: 2 * 1024 * 1024 };

export async function callModel(request: ModelCallRequest): Promise<ModelAnswer> {
  const { endpoint, options = {} } = request;
  const site = { provider: endpoint.provider, model: endpoint.modelId, apiKey: endpoint.apiKey };
  const maxBytes = options.maxResponseBytes ?? MODEL_CALL_DEFAULTS.maxResponseBytes;
  const model = languageModel(endpoint, boundedFetch(maxBytes, site, options.fetch));
  const controller = new AbortController();
  let reason: "timeout" | "cancelled" | undefined;
  const timer = setTimeout(() => {
    reason = "timeout";
    controller.abort();
  }, options.timeoutMs ?? MODEL_CALL_DEFAULTS.timeoutMs);
  const onAbort = () => {
    reason ??= "cancelled";
    controller.abort();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const { system, messages } = toProviderPrompt(request.messages);
  const started = performance.now();
  try {
    const result = await generateText({
      model,
      system,
      messages,
      tools: request.tools.length > 0 ? toProviderTools(request.tools) : undefined,
      maxOutputTokens: options.maxOutputTokens ?? MODEL_CALL_DEFAULTS.maxOutputTokens,
      temperature: options.temperature,
      maxRetries: 0,
      abortSignal: controller.signal,
    });
    return {
      text: result.text,
      toolCalls: result.toolCalls.map(fromProviderToolCall),
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      latencyMs: Math.round(performance.now() - started),
      modelId: result.response.modelId || endpoint.modelId,
    };
  } catch (err) {
    throw toModelCallError(err, site, reason);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
