/**
 * Model providers: the two API families Switchyard speaks. OpenAI-compatible Chat
 * Completions covers OpenAI, Azure OpenAI, OpenRouter, Ollama, vLLM, LM Studio and
 * llama.cpp's server; Anthropic's Messages API is the other. Only this folder
 * imports the provider library (docs/ARCHITECTURE.md, eslint.config.js).
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Fetch } from "./bounded-fetch";

import type { ProviderKind } from "@/lib/agent/providers";

export { PROVIDER_KINDS, type ProviderKind } from "@/lib/agent/providers";

/** A provider as the executor needs it: the API key decrypted, in memory only. */
export interface ModelEndpoint {
  /** The provider's name in Switchyard (for errors and metrics). */
  provider: string;
  kind: ProviderKind;
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1, https://api.anthropic.com/v1 */
  baseUrl: string;
  apiKey?: string | undefined;
  modelId: string;
}

export function languageModel(endpoint: ModelEndpoint, fetch: Fetch): LanguageModel {
  const baseURL = endpoint.baseUrl.replace(/\/+$/, "");
  switch (endpoint.kind) {
    case "openai-compatible":
      return createOpenAICompatible({
        name: endpoint.provider,
        baseURL,
        apiKey: endpoint.apiKey,
        includeUsage: true,
        fetch,
      }).chatModel(endpoint.modelId);
    case "anthropic":
      return createAnthropic({ baseURL, apiKey: endpoint.apiKey ?? "", fetch })(endpoint.modelId);
  }
}
