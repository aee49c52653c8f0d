/** The shape of a model provider as the Models settings page edits it (shared by the page and the server). */
import { z } from "zod";

export const PROVIDER_KINDS = ["openai-compatible", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const modelEntrySchema = z.strictObject({
  modelId: z.string().trim().min(1, "name the model").max(200),
  label: z.string().max(200).optional(),
  contextTokens: z.int().min(1000).max(100_000_000).optional(),
  inputPricePerMTok: z.number().min(0).max(10_000).optional(),
  outputPricePerMTok: z.number().min(0).max(10_000).optional(),
});
export type ModelEntryInput = z.infer<typeof modelEntrySchema>;

export const providerInputSchema = z.strictObject({
  name: z.string().trim().min(1, "give the provider a name").max(100),
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.openai.com/v1" }).max(500),
  /** undefined: keep the stored key (on update); null: remove it; a string: the new key. */
  apiKey: z.string().min(1).max(1000).nullable().optional(),
  concurrency: z.int().min(1).max(1000).optional(),
  models: z.array(modelEntrySchema).max(100),
});
export type ProviderInput = z.infer<typeof providerInputSchema>;
