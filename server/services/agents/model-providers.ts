/**
 * Model providers and their models (Settings -> Models): the only writer of the
 * ModelProvider and AiModel rows. API keys are encrypted at rest and never
 * returned; the executor reads them through `dbModelResolver`.
 */
import type { Db } from "../../db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "../../util/ids";
import type { SecretBox } from "../../security/secrets";
import { providerInputSchema, type ProviderInput } from "@/lib/agent/providers";
import { zodProblems } from "@/lib/workflow/validate";
import type { ModelResolver } from "./model-port";
import { testModelConnection, type ConnectionTestResult } from "../../models";

export interface ModelProviderView {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  hasApiKey: boolean;
  concurrency: number;
  models: { modelId: string; label: string; contextTokens: number; inputPricePerMTok: number; outputPricePerMTok: number }[];
}

const MODEL_FIELDS = {
  modelId: true,
  label: true,
  contextTokens: true,
  inputPricePerMTok: true,
  outputPricePerMTok: true,
} as const;

export async function listModelProviders(db: Db): Promise<ModelProviderView[]> {
  const rows = await db.modelProvider.findMany({
    orderBy: { name: "asc" },
    include: { models: { select: MODEL_FIELDS, orderBy: { modelId: "asc" } } },
  });
  return rows.map(({ apiKey, createdAt: _c, updatedAt: _u, ...row }) => ({ ...row, hasApiKey: apiKey !== null }));
}

export async function createModelProvider(db: Db, box: SecretBox, input: unknown): Promise<{ id: string }> {
  const data = parse(input);
  if (await db.modelProvider.findUnique({ where: { name: data.name } })) throw taken(data.name);
  const id = newId("mp");
  await db.modelProvider.create({
    data: {
      id,
      name: data.name,
      kind: data.kind,
      baseUrl: data.baseUrl,
      apiKey: data.apiKey ? box.encrypt(data.apiKey) : null,
      concurrency: data.concurrency ?? 4,
      models: { create: data.models.map((m) => ({ id: newId("mdl"), ...m })) },
    },
  });
  return { id };
}

/** Replaces the provider's settings and models; the stored key is kept unless a new one (or null) is given. */
export async function updateModelProvider(db: Db, box: SecretBox, id: string, input: unknown): Promise<void> {
  const data = parse(input);
  const clash = await db.modelProvider.findUnique({ where: { name: data.name } });
  if (clash && clash.id !== id) throw taken(data.name);
  await db.$transaction(async (tx) => {
    const row = await tx.modelProvider.findUnique({ where: { id } });
    if (!row) throw notFound(`Model provider ${id}`);
    await tx.aiModel.deleteMany({ where: { providerId: id } });
    await tx.modelProvider.update({
      where: { id },
      data: {
        name: data.name,
        kind: data.kind,
        baseUrl: data.baseUrl,
        ...(data.apiKey === undefined ? {} : { apiKey: data.apiKey === null ? null : box.encrypt(data.apiKey) }),
        concurrency: data.concurrency ?? row.concurrency,
        models: { create: data.models.map((m) => ({ id: newId("mdl"), ...m })) },
      },
    });
  });
}

/** Only the address changes (the demo's scripted server gets a new port at each start). */
export async function setModelProviderBaseUrl(db: Db, id: string, baseUrl: string): Promise<void> {
  await db.modelProvider.update({ where: { id }, data: { baseUrl } });
}

export async function removeModelProvider(db: Db, id: string): Promise<void> {
  const { count } = await db.modelProvider.deleteMany({ where: { id } });
  if (count === 0) throw notFound(`Model provider ${id}`);
}

/** The executor's view: the provider by name with its key decrypted (in memory only) and the model's prices. */
export function dbModelResolver(db: Db, box: SecretBox): ModelResolver {
  return {
    async resolve(providerName, modelId) {
      const provider = await db.modelProvider.findUnique({
        where: { name: providerName },
        include: { models: { where: { modelId }, select: MODEL_FIELDS } },
      });
      const model = provider?.models[0];
      if (!provider || !model) return null;
      return {
        endpoint: {
          provider: provider.name,
          kind: provider.kind === "anthropic" ? "anthropic" : "openai-compatible",
          baseUrl: provider.baseUrl,
          apiKey: provider.apiKey ? box.decrypt(provider.apiKey) : undefined,
          modelId: model.modelId,
        },
        prices: { input: model.inputPricePerMTok, output: model.outputPricePerMTok },
        contextTokens: model.contextTokens,
        concurrency: provider.concurrency,
      };
    },
  };
}

/**
 * Test connection from the form (saved or not): without a new key the saved provider's key is used, and only for
 * the saved base URL (a key is never sent to an address the form changed it to: type the key again to test another).
 * The key is decrypted in memory only; the answer never carries it.
 */
export async function testModelProvider(db: Db, box: SecretBox, input: unknown, savedId?: string): Promise<ConnectionTestResult> {
  const data = parse(input);
  let apiKey = data.apiKey ?? undefined;
  if (data.apiKey === undefined && savedId) {
    const row = await db.modelProvider.findUnique({ where: { id: savedId }, select: { apiKey: true, baseUrl: true } });
    if (row?.apiKey && row.baseUrl !== data.baseUrl)
      throw new AppError(
        "invalid",
        "The base URL differs from the saved one: enter the API key again to test the new address (the saved key is only sent to the saved address)",
      );
    apiKey = row?.apiKey ? box.decrypt(row.apiKey) : undefined;
  }
  return testModelConnection(
    { provider: data.name, kind: data.kind, baseUrl: data.baseUrl, apiKey },
    data.models.map((m) => m.modelId),
  );
}

function parse(input: unknown): ProviderInput {
  const parsed = providerInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", "The model provider has problems to fix", zodProblems(parsed.error, []));
  const ids = parsed.data.models.map((m) => m.modelId);
  const twice = ids.find((m, i) => ids.indexOf(m) !== i);
  if (twice) throw new AppError("invalid", `The model "${twice}" is listed twice`);
  return parsed.data;
}

function taken(name: string): AppError {
  return new AppError("conflict", `A model provider named "${name}" already exists`);
}
