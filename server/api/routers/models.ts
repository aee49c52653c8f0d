import { z } from "zod";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { audit } from "../audit-context";
import * as providers from "../../services/agents/model-providers";

const id = z.string().min(1).max(100);
// Validated in full by the service (lib/agent/providers.ts), which names each problem's field.
const providerInput = z.custom<Record<string, unknown>>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  "must be a model provider",
);

/** Settings -> Models: model providers for agent steps. API keys go in, never out. */
export const modelsRouter = router({
  list: adminProcedure.query(({ ctx }) => providers.listModelProviders(ctx.db)),
  /** The models a designer may pick for an agent step (no URLs, no keys). */
  choices: viewerProcedure.query(async ({ ctx }) =>
    (await providers.listModelProviders(ctx.db)).flatMap((p) => p.models.map((m) => ({ provider: p.name, ...m }))),
  ),
  create: adminProcedure.input(z.object({ provider: providerInput })).mutation(async ({ ctx, input }) => {
    const created = await providers.createModelProvider(ctx.db, ctx.box, input.provider);
    await audit(ctx, "model_provider.create", created.id, String(input.provider.name));
    return created;
  }),
  update: adminProcedure.input(z.object({ id, provider: providerInput })).mutation(async ({ ctx, input }) => {
    await providers.updateModelProvider(ctx.db, ctx.box, input.id, input.provider);
    const key = input.provider.apiKey === undefined ? "key kept" : input.provider.apiKey === null ? "key removed" : "new key";
    await audit(ctx, "model_provider.update", input.id, `${String(input.provider.name)} (${key})`);
  }),
  remove: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await providers.removeModelProvider(ctx.db, input.id);
    await audit(ctx, "model_provider.remove", input.id);
  }),
  /** Lists the provider's models with the given (or saved) key: no tokens spent. */
  test: adminProcedure
    .input(z.object({ id: id.optional(), provider: providerInput }))
    .mutation(({ ctx, input }) => providers.testModelProvider(ctx.db, ctx.box, input.provider, input.id)),
});
